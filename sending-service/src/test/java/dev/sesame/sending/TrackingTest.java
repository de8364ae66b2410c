package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.eventually;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.verified;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.views.KnownConfigurationSets;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.InternalCalls;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Open and click tracking (SES developer guide, "Configuring custom domains to handle open and click tracking"; the
 * event records' {@code open} and {@code click} objects, formats §1): a tracked set's HTML links go through Sesame, a
 * pixel marks opens, and following either records the event with the message's mail object.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class TrackingTest {

    private static final Pattern CLICK = Pattern.compile("http://127\\.0\\.0\\.1:18100/t/c/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");
    private static final Pattern OPEN = Pattern.compile("http://127\\.0\\.0\\.1:18100/t/o/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");

    @Inject
    SenderIdentities identities;

    @Inject
    KnownConfigurationSets sets;

    private static io.restassured.response.ValidatableResponse follow(String kind, String token) {
        return given().contentType("application/json").header("Authorization", InternalCalls.relay("sending"))
                .body(Map.of("kind", kind, "token", token, "ipAddress", "192.0.2.7", "userAgent", "Mozilla/5.0 (test)"))
                .post("/internal/tracking").then();
    }

    @Test
    void aTrackedSetsLinksAndPixelRecordClicksAndOpens() throws Exception {
        String a = "820000000001";
        verified(identities, a, "tracked.example.com");
        for (var event : List.of(Map.of("type", "ConfigurationSetCreated", "payload", Map.of("configurationSet", "tracked")),
                Map.of("type", "ConfigurationSetTrackingOptionsSet", "payload", Map.of("configurationSet", "tracked")))) {
            SendingFixtures.identityLog().append(Topics.CONFIGURATION_SETS, a, EventEnvelope.of((String) event.get("type"), 1, a, "tracked",
                    null, EventCodec.JSON.valueToTree(event.get("payload")))).get();
        }
        eventually("the tracking options are known", () -> sets.find(a, "tracked").map(KnownConfigurationSets.SetOptions::tracking).orElse(false));
        String html = "<html><body><p>Hi <a href=\"https://shop.example.com/sale?a=1&amp;b=2\">sale</a> and "
                + "<a ses:no-track href=\"https://shop.example.com/private\">private</a></p></body></html>";
        String id = call(a, "SendEmail", Map.of("Source", "news@tracked.example.com", "Destination", Map.of("ToAddresses", List.of("reader@rcpt.example.com")),
                "Message", Map.of("Subject", Map.of("Data", "s"), "Body", Map.of("Html", Map.of("Data", html))),
                "ConfigurationSetName", "tracked")).statusCode(200).extract().path("MessageId");
        ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();
        eventually("delivery", () -> !sink.to("reader@rcpt.example.com").isEmpty());
        MimeMessage delivered = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(sink.to("reader@rcpt.example.com").get(0).data()));
        assertTrue(delivered.getHeader("Message-ID")[0].contains(id), "SES's Message-ID is kept");
        String body = delivered.getContent().toString();
        Matcher click = CLICK.matcher(body);
        assertTrue(click.find(), body);
        assertFalse(body.contains("https://shop.example.com/sale"), "the tracked link is rewritten");
        assertTrue(body.contains("href=\"https://shop.example.com/private\""), "ses:no-track keeps its link");
        Matcher open = OPEN.matcher(body);
        assertTrue(open.find() && body.indexOf(open.group()) < body.indexOf("</body>"), "the pixel is inside the body");

        follow("click", click.group(1)).statusCode(200).body("link", equalTo("https://shop.example.com/sale?a=1&b=2"));
        follow("open", open.group(1)).statusCode(200);
        String tampered = click.group(1).substring(0, click.group(1).length() - 2) + "AA";
        follow("click", tampered).statusCode(404);
        follow("click", open.group(1)).statusCode(404);

        List<JsonNode> events = events(id, e -> count(e, "Click") == 1 && count(e, "Open") == 1);
        JsonNode clicked = events.stream().filter(e -> e.path("eventType").asText().equals("Click")).findFirst().orElseThrow();
        assertEquals("https://shop.example.com/sale?a=1&b=2", clicked.at("/click/link").asText());
        assertEquals("192.0.2.7", clicked.at("/click/ipAddress").asText());
        assertEquals("Mozilla/5.0 (test)", clicked.at("/click/userAgent").asText());
        assertEquals("tracked", clicked.at("/mail/tags/ses:configuration-set/0").asText(), "the message's own mail object");
        assertEquals(id, clicked.at("/mail/messageId").asText());
        JsonNode opened = events.stream().filter(e -> e.path("eventType").asText().equals("Open")).findFirst().orElseThrow();
        assertEquals("192.0.2.7", opened.at("/open/ipAddress").asText());
        for (JsonNode record : List.of(clicked, opened)) {
            assertTrue(EventSchemaTest.schema("ses-event-record.schema.json").validate(record).isEmpty(), record.toString());
        }
    }

    @Test
    void aSetWithoutTrackingOptionsLeavesTheHtmlAlone() {
        String a = "820000000002";
        verified(identities, a, "plain.example.com");
        String html = "<html><body><a href=\"https://shop.example.com/x\">x</a></body></html>";
        String id = call(a, "SendEmail", Map.of("Source", "news@plain.example.com", "Destination", Map.of("ToAddresses", List.of("untracked@rcpt.example.com")),
                "Message", Map.of("Subject", Map.of("Data", "s"), "Body", Map.of("Html", Map.of("Data", html))))).statusCode(200)
                .extract().path("MessageId");
        ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();
        eventually("delivery of " + id, () -> !sink.to("untracked@rcpt.example.com").isEmpty());
        String data = new String(sink.to("untracked@rcpt.example.com").get(0).data(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(data.contains("https://shop.example.com/x") && !data.contains("/t/o/"), data);
    }
}

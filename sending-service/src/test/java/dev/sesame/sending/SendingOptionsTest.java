package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.eventually;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.views.KnownConfigurationSets;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference's sending switches: UpdateAccountSendingEnabled ("you can enable or disable email sending for your Amazon SES
 * account"), UpdateConfigurationSetSendingEnabled, and PutConfigurationSetDeliveryOptions ("If the value is Require,
 * messages are only delivered if a TLS connection can be established").
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class SendingOptionsTest {

    @Inject
    SenderIdentities identities;

    @Inject
    KnownConfigurationSets sets;

    private final ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();

    private static void setEvent(String account, String type, Map<String, Object> payload) throws Exception {
        SendingFixtures.identityLog().append(Topics.CONFIGURATION_SETS, account, EventEnvelope.of(type, 1, account,
                (String) payload.get("configurationSet"), null, EventCodec.JSON.valueToTree(payload))).get();
    }

    @Test
    void aPausedAccountSendsNothingUntilItIsEnabledAgain() {
        String a = "810000000001";
        verified(identities, a, "paused.example.com");
        Map<String, Object> mail = email("me@paused.example.com", List.of("p@rcpt.example.com"), "s", "t");
        call(a, "GetAccountSendingEnabled", Map.of()).statusCode(200).body("Enabled", equalTo(true));
        call(a, "UpdateAccountSendingEnabled", Map.of("Enabled", false)).statusCode(200);
        call(a, "GetAccountSendingEnabled", Map.of()).statusCode(200).body("Enabled", equalTo(false));
        call(a, "SendEmail", mail).statusCode(400).body("code", equalTo("AccountSendingPausedException"))
                .body("message", equalTo("Email sending is disabled for your entire Amazon SES account."));
        call("810000000002", "GetAccountSendingEnabled", Map.of()).body("Enabled", equalTo(true));
        call(a, "UpdateAccountSendingEnabled", Map.of("Enabled", true)).statusCode(200);
        call(a, "SendEmail", mail).statusCode(200);
    }

    @Test
    void aPausedConfigurationSetRefusesItsSendsAndOthersGoOn() throws Exception {
        String a = "810000000003";
        verified(identities, a, "setpause.example.com");
        setEvent(a, "ConfigurationSetCreated", Map.of("configurationSet", "promo"));
        setEvent(a, "ConfigurationSetSendingEnabledSet", Map.of("configurationSet", "promo", "enabled", false));
        eventually("the paused set is known", () -> sets.find(a, "promo").map(o -> !o.sendingEnabled()).orElse(false));
        Map<String, Object> mail = new HashMap<>(email("me@setpause.example.com", List.of("sp@rcpt.example.com"), "s", "t"));
        call(a, "SendEmail", mail).statusCode(200);
        mail.put("ConfigurationSetName", "promo");
        call(a, "SendEmail", mail).statusCode(400).body("code", equalTo("ConfigurationSetSendingPausedException"));
        setEvent(a, "ConfigurationSetSendingEnabledSet", Map.of("configurationSet", "promo", "enabled", true));
        eventually("the set sends again", () -> call(a, "SendEmail", mail).extract().statusCode() == 200);
    }

    @Test
    void tlsPolicyRequireNeverDeliversOverPlainSmtp() throws Exception {
        String a = "810000000004";
        verified(identities, a, "tlsreq.example.com");
        setEvent(a, "ConfigurationSetCreated", Map.of("configurationSet", "secure"));
        setEvent(a, "ConfigurationSetDeliveryOptionsPut", Map.of("configurationSet", "secure", "tlsPolicy", "Require"));
        eventually("the policy is known", () -> sets.find(a, "secure").map(KnownConfigurationSets.SetOptions::requireTls).orElse(false));
        Map<String, Object> mail = new HashMap<>(email("me@tlsreq.example.com", List.of("plain@rcpt.example.com"), "s", "t"));
        mail.put("ConfigurationSetName", "secure");
        String id = call(a, "SendEmail", mail).statusCode(200).extract().path("MessageId");
        List<JsonNode> events = events(id, e -> count(e, "Bounce") == 1);
        assertEquals(0, count(events, "Delivery"));
        assertEquals("Transient", events.stream().filter(e -> e.path("eventType").asText().equals("Bounce")).findFirst().orElseThrow()
                .at("/bounce/bounceType").asText(), "retried, then given up");
        assertEquals(0, sink.to("plain@rcpt.example.com").size(), "the plain sink (no STARTTLS) never got it");
        // Without the set the same relay takes the same mail.
        mail.remove("ConfigurationSetName");
        String plain = call(a, "SendEmail", mail).statusCode(200).extract().path("MessageId");
        events(plain, e -> count(e, "Delivery") == 1);
    }
}

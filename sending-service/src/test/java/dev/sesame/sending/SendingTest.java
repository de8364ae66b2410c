package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.eventually;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** SendEmail and SendRawEmail through the internal API, delivered to a real SMTP server, outcomes on the real stream. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class SendingTest {

    static final String MESSAGE_ID = "0100[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000";

    @Inject
    SenderIdentities identities;

    private final ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();

    private static MimeMessage parse(byte[] data) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
    }

    @Test
    void sendEmailDeliversAStandardMessageWithBothPartsAndRecordsSendAndDelivery() throws Exception {
        String a = "500000000001";
        verified(identities, a, "news@send.example.com");
        Map<String, Object> body = Map.of("Source", "Zoë News <news@send.example.com>",
                "Destination", Map.of("ToAddresses", List.of("ann@rcpt.example.com"), "CcAddresses", List.of("bob@rcpt.example.com")),
                "ReplyToAddresses", List.of("help@send.example.com"),
                "Message", Map.of("Subject", Map.of("Data", "Grüße ✓", "Charset", "UTF-8"),
                        "Body", Map.of("Text", Map.of("Data", "plain body"), "Html", Map.of("Data", "<p>html body</p>"))),
                "Tags", List.of(Map.of("Name", "campaign", "Value", "nov")));
        String id = call(a, "SendEmail", body).statusCode(200).body("MessageId", matchesPattern(MESSAGE_ID)).extract().path("MessageId");

        eventually("delivery to ann", () -> !sink.to("ann@rcpt.example.com").isEmpty());
        ProgrammableSmtpSink.Received received = sink.to("ann@rcpt.example.com").get(0);
        assertEquals(id + "@amazonses.sesame.test", received.from());
        assertEquals(List.of("ann@rcpt.example.com", "bob@rcpt.example.com"), received.recipients());
        MimeMessage message = parse(received.data());
        assertEquals("Grüße ✓", message.getSubject());
        assertTrue(message.getHeader("Subject")[0].startsWith("=?UTF-8?"), "non-ASCII subject is RFC 2047 encoded");
        assertEquals("<" + id + "@email.sesame.test>", message.getMessageID());
        jakarta.mail.internet.InternetAddress from = (jakarta.mail.internet.InternetAddress) message.getFrom()[0];
        assertEquals("Zoë News", from.getPersonal());
        assertEquals("news@send.example.com", from.getAddress());
        assertEquals("help@send.example.com", message.getReplyTo()[0].toString());
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertTrue(alternative.getContentType().startsWith("multipart/alternative"));
        assertEquals("plain body", alternative.getBodyPart(0).getContent());
        assertEquals("<p>html body</p>", alternative.getBodyPart(1).getContent());

        List<JsonNode> records = events(id, e -> count(e, "Delivery") == 1);
        JsonNode send = records.stream().filter(e -> e.path("eventType").asText().equals("Send")).findFirst().orElseThrow();
        assertEquals(id, send.at("/mail/messageId").asText());
        assertEquals(a, send.at("/mail/sendingAccountId").asText());
        assertEquals("arn:aws:ses:us-east-1:" + a + ":identity/news@send.example.com", send.at("/mail/sourceArn").asText());
        assertEquals("nov", send.at("/mail/tags/campaign/0").asText());
        assertEquals("send.example.com", send.at("/mail/tags/ses:from-domain/0").asText());
        assertEquals("Grüße ✓", send.at("/mail/commonHeaders/subject").asText());
        assertEquals("Zoë News <news@send.example.com>", send.at("/mail/commonHeaders/from/0").asText());
        JsonNode delivery = records.stream().filter(e -> e.path("eventType").asText().equals("Delivery")).findFirst().orElseThrow();
        assertEquals(2, delivery.at("/delivery/recipients").size());
        assertTrue(delivery.at("/delivery/smtpResponse").asText().startsWith("250"));
    }

    @Test
    void anUnverifiedSourceIsRejectedWithSesWording() {
        call("500000000002", "SendEmail", email("Ann <ann@nowhere.example.com>", List.of("x@rcpt.example.com"), "s", "t"))
                .statusCode(400).body("code", equalTo("MessageRejected"))
                .body("message", equalTo("Email address is not verified. The following identities failed the check in region "
                        + "US-EAST-1: Ann <ann@nowhere.example.com>, ann@nowhere.example.com"));
        call("500000000002", "SendEmail", email("ann@nowhere.example.com", List.of("x@rcpt.example.com"), "s", "t"))
                .statusCode(400).body("message", equalTo("Email address is not verified. The following identities failed the check in "
                        + "region US-EAST-1: ann@nowhere.example.com"));
    }

    @Test
    void aVerifiedDomainVerifiesEveryAddressInIt() {
        String a = "500000000003";
        verified(identities, a, "domain.example.com");
        call(a, "SendEmail", email("anyone@domain.example.com", List.of("x@rcpt.example.com"), "s", "t")).statusCode(200);
        call(a, "SendEmail", email("anyone@other.example.com", List.of("x@rcpt.example.com"), "s", "t")).statusCode(400);
    }

    @Test
    void aSandboxTenantSendsOnlyToVerifiedRecipientsAndTheSimulator() {
        String a = "500000000004";
        verified(identities, a, "sandbox.example.com");
        verified(identities, a, "friend@rcpt.example.com");
        call(a, true, 200, 100, "SendEmail", email("me@sandbox.example.com", List.of("friend@rcpt.example.com",
                "success@simulator.amazonses.com"), "s", "t")).statusCode(200);
        call(a, true, 200, 100, "SendEmail", email("me@sandbox.example.com", List.of("stranger@rcpt.example.com"), "s", "t"))
                .statusCode(400).body("code", equalTo("MessageRejected"))
                .body("message", equalTo("Email address is not verified. The following identities failed the check in region "
                        + "US-EAST-1: stranger@rcpt.example.com"));
    }

    @Test
    void eachRecipientGetsItsOwnOutcome() {
        String a = "500000000005";
        verified(identities, a, "mixed.example.com");
        String id = call(a, "SendEmail", email("me@mixed.example.com", List.of("ok@rcpt.example.com", "reject-me@rcpt.example.com",
                "defer-me@rcpt.example.com", "flaky-me@rcpt.example.com"), "s", "t")).statusCode(200).extract().path("MessageId");
        List<JsonNode> records = events(id, e -> count(e, "Bounce") >= 2 && count(e, "Delivery") >= 2);
        List<String> delivered = new ArrayList<>();
        records.stream().filter(e -> e.path("eventType").asText().equals("Delivery"))
                .forEach(e -> e.at("/delivery/recipients").forEach(r -> delivered.add(r.asText())));
        assertEquals(List.of("ok@rcpt.example.com", "flaky-me@rcpt.example.com"), delivered);
        JsonNode permanent = records.stream().filter(e -> e.at("/bounce/bounceType").asText().equals("Permanent")).findFirst().orElseThrow();
        assertEquals("reject-me@rcpt.example.com", permanent.at("/bounce/bouncedRecipients/0/emailAddress").asText());
        assertEquals("5.1.1", permanent.at("/bounce/bouncedRecipients/0/status").asText());
        assertTrue(permanent.at("/bounce/bouncedRecipients/0/diagnosticCode").asText().startsWith("smtp; 550 5.1.1"));
        JsonNode transientBounce = records.stream().filter(e -> e.at("/bounce/bounceType").asText().equals("Transient")).findFirst().orElseThrow();
        assertEquals("defer-me@rcpt.example.com", transientBounce.at("/bounce/bouncedRecipients/0/emailAddress").asText());
        assertEquals(1, sink.to("ok@rcpt.example.com").stream().filter(m -> parseId(m).contains(id)).count(), "delivered once");
        assertEquals(2, sink.attempts("flaky-me@rcpt.example.com"));
        assertTrue(sink.attempts("defer-me@rcpt.example.com") >= 2, "a deferred recipient is retried");
    }

    private static String parseId(ProgrammableSmtpSink.Received message) {
        return new String(message.data(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theMailboxSimulatorProducesTheDocumentedOutcomesWithoutSmtp() {
        String a = "500000000006";
        verified(identities, a, "sim.example.com");
        String id = call(a, "SendEmail", email("me@sim.example.com", List.of("success@simulator.amazonses.com",
                "bounce+u1@simulator.amazonses.com", "complaint@simulator.amazonses.com", "suppressionlist@simulator.amazonses.com",
                "OOTO@Simulator.AmazonSES.com"), "s", "t")).statusCode(200).extract().path("MessageId");
        List<JsonNode> records = events(id, e -> count(e, "Delivery") == 3 && count(e, "Bounce") == 2 && count(e, "Complaint") == 1);
        JsonNode bounce = records.stream().filter(e -> e.at("/bounce/bounceSubType").asText().equals("General")).findFirst().orElseThrow();
        assertEquals("bounce+u1@simulator.amazonses.com", bounce.at("/bounce/bouncedRecipients/0/emailAddress").asText());
        assertEquals("smtp; 550 5.1.1 user unknown", bounce.at("/bounce/bouncedRecipients/0/diagnosticCode").asText());
        assertTrue(records.stream().anyMatch(e -> e.at("/bounce/bounceSubType").asText().equals("Suppressed")));
        JsonNode complaint = records.stream().filter(e -> e.path("eventType").asText().equals("Complaint")).findFirst().orElseThrow();
        assertEquals("abuse", complaint.at("/complaint/complaintFeedbackType").asText());
        assertTrue(sink.received().stream().noneMatch(m -> m.recipients().stream().anyMatch(r -> r.contains("simulator"))),
                "no SMTP traffic to the simulator");
        // Feedback forwarding (on by default): the bounce comes back to the sender as a delivery status notification.
        eventually("the bounce notification", () -> sink.to("me@sim.example.com").stream().anyMatch(m ->
                parseId(m).contains("Final-Recipient: rfc822; bounce+u1@simulator.amazonses.com")));
        ProgrammableSmtpSink.Received dsn = sink.to("me@sim.example.com").stream()
                .filter(m -> parseId(m).contains("report-type=delivery-status")).findFirst().orElseThrow();
        assertEquals("", dsn.from(), "notifications come from the null sender");
        assertTrue(parseId(dsn).contains(id), "the notification carries the original headers");
        call(a, "GetSendQuota", Map.of()).body("SentLast24Hours", equalTo(0.0f));
    }

    @Test
    void quotasCountRecipientsAndBiteAtTheirLimits() {
        String a = "500000000007";
        verified(identities, a, "quota.example.com");
        call(a, false, 3, 100, "SendEmail", email("me@quota.example.com", List.of("a@rcpt.example.com", "b@rcpt.example.com"), "s", "t"))
                .statusCode(200);
        call(a, false, 3, 100, "GetSendQuota", Map.of()).statusCode(200)
                .body("Max24HourSend", equalTo(3.0f)).body("MaxSendRate", equalTo(100.0f)).body("SentLast24Hours", equalTo(2.0f));
        call(a, false, 3, 100, "SendEmail", email("me@quota.example.com", List.of("c@rcpt.example.com", "d@rcpt.example.com"), "s", "t"))
                .statusCode(400).body("code", equalTo("Throttling")).body("message", equalTo("Daily message quota exceeded."));
        call(a, false, 3, 100, "GetSendQuota", Map.of()).body("SentLast24Hours", equalTo(2.0f));

        String b = "500000000008";
        verified(identities, b, "rate.example.com");
        // Three recipients at one per second: the next message is refused for the next three seconds, however slow the machine.
        call(b, false, 1000, 1, "SendEmail", email("me@rate.example.com", List.of("a@rcpt.example.com", "b@rcpt.example.com",
                "c@rcpt.example.com"), "s", "t")).statusCode(200);
        call(b, false, 1000, 1, "SendEmail", email("me@rate.example.com", List.of("a@rcpt.example.com"), "s", "t"))
                .statusCode(400).body("code", equalTo("Throttling")).body("message", equalTo("Maximum sending rate exceeded."));
    }

    @Test
    void limitsAndMalformedRequestsGetTheSpecsErrors() {
        String a = "500000000009";
        verified(identities, a, "limits.example.com");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add("r" + i + "@rcpt.example.com");
        }
        call(a, "SendEmail", email("me@limits.example.com", many, "s", "t")).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        call(a, "SendEmail", Map.of("Source", "me@limits.example.com", "Destination", Map.of(),
                "Message", Map.of("Subject", Map.of("Data", "s"), "Body", Map.of("Text", Map.of("Data", "t")))))
                .statusCode(400).body("code", equalTo("MessageRejected"));
        Map<String, Object> withSet = new java.util.HashMap<>(email("me@limits.example.com", List.of("x@rcpt.example.com"), "s", "t"));
        withSet.put("ConfigurationSetName", "nope");
        call(a, "SendEmail", withSet).statusCode(400).body("code", equalTo("ConfigurationSetDoesNotExist"));
        Map<String, Object> badTag = new java.util.HashMap<>(email("me@limits.example.com", List.of("x@rcpt.example.com"), "s", "t"));
        badTag.put("Tags", List.of(Map.of("Name", "bad name", "Value", "v")));
        call(a, "SendEmail", badTag).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        // MessageTag: the name and the value must "Contain less than 256 characters."
        for (Map<String, String> tag : List.of(Map.of("Name", "n".repeat(256), "Value", "v"), Map.of("Name", "n", "Value", "v".repeat(256)))) {
            badTag.put("Tags", List.of(tag));
            call(a, "SendEmail", badTag).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        }
        badTag.put("Tags", List.of(Map.of("Name", "n".repeat(255), "Value", "v".repeat(255))));
        call(a, "SendEmail", badTag).statusCode(200);
        call(a, "SendRawEmail", Map.of("RawMessage", Map.of("Data", Base64.getEncoder().encodeToString(
                "From: me@limits.example.com\r\nTo: x@rcpt.example.com\r\nno blank line".getBytes())))).statusCode(400)
                .body("code", equalTo("MessageRejected"));
        call(a, "SendEmail", email("not an address", List.of("x@rcpt.example.com"), "s", "t")).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void sendRawEmailKeepsTheBodyStripsControlHeadersAndReplacesIdAndDate() throws Exception {
        String a = "500000000010";
        verified(identities, a, "raw.example.com");
        byte[] attachment = new byte[3000];
        new java.util.Random(7).nextBytes(attachment);
        String raw = "From: Raw Sender <me@raw.example.com>\r\nTo: group: one@rcpt.example.com, two@rcpt.example.com;\r\n"
                + "Bcc: hidden@rcpt.example.com\r\nSubject: raw\r\nMessage-ID: <mine@client.example>\r\nDate: Mon, 1 Jan 2001 00:00:00 +0000\r\n"
                + "X-SES-MESSAGE-TAGS: campaign=raw1, tier=gold\r\nX-SES-SOURCE-ARN: arn:aws:ses:us-east-1:" + a + ":identity/raw.example.com\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=blob.bin\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b1--\r\n";
        String id = call(a, "SendRawEmail", Map.of("RawMessage", Map.of("Data", Base64.getEncoder().encodeToString(raw.getBytes()))))
                .statusCode(200).extract().path("MessageId");
        eventually("raw delivery", () -> sink.to("hidden@rcpt.example.com").stream().anyMatch(m -> parseId(m).contains(id)));
        ProgrammableSmtpSink.Received received = sink.to("one@rcpt.example.com").stream().filter(m -> parseId(m).contains(id))
                .findFirst().orElseThrow();
        assertEquals(List.of("one@rcpt.example.com", "two@rcpt.example.com", "hidden@rcpt.example.com"), received.recipients());
        String text = parseId(received);
        assertFalse(text.toLowerCase().contains("x-ses-"), "X-SES-* headers are stripped");
        assertFalse(text.contains("Bcc:"), "Bcc is not sent");
        assertFalse(text.contains("mine@client.example"), "SES replaces Message-ID");
        assertFalse(text.contains("2001"), "SES replaces Date");
        MimeMessage message = parse(received.data());
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        assertEquals("hello", mixed.getBodyPart(0).getContent());
        assertTrue(java.util.Arrays.equals(attachment, ((java.io.InputStream) mixed.getBodyPart(1).getContent()).readAllBytes()),
                "the attachment arrives byte for byte");
        JsonNode send = events(id, e -> count(e, "Send") == 1).get(0);
        assertEquals("raw1", send.at("/mail/tags/campaign/0").asText());
        assertEquals("gold", send.at("/mail/tags/tier/0").asText());
    }

    @Test
    void sendStatisticsCountAttemptsAndBouncesPerFifteenMinutes() {
        String a = "500000000011";
        verified(identities, a, "stats.example.com");
        String id = call(a, "SendEmail", email("me@stats.example.com", List.of("ok@rcpt.example.com", "reject-s@rcpt.example.com"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Bounce") == 1 && count(e, "Delivery") == 1);
        eventually("statistics", () -> {
            var points = call(a, "GetSendStatistics", Map.of()).statusCode(200).extract().jsonPath().getList("SendDataPoints");
            return points.size() == 1 && ((Map<?, ?>) points.get(0)).get("DeliveryAttempts").equals(2)
                    && ((Map<?, ?>) points.get(0)).get("Bounces").equals(1);
        });
    }

    /** SES counts the simulator's bounces and complaints in the statistics; they stay out of the daily quota only. */
    @Test
    void sendStatisticsCountTheSimulatorsBouncesAndComplaints() {
        String a = "500000000019";
        verified(identities, a, "simstats.example.com");
        String id = call(a, "SendEmail", email("me@simstats.example.com", List.of("bounce@simulator.amazonses.com",
                "complaint@simulator.amazonses.com"), "s", "t")).statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Bounce") == 1 && count(e, "Complaint") == 1);
        eventually("statistics", () -> {
            List<Map<String, Integer>> points = call(a, "GetSendStatistics", Map.of()).statusCode(200).extract().jsonPath()
                    .getList("SendDataPoints");
            return points.stream().mapToInt(p -> p.get("DeliveryAttempts")).sum() == 2
                    && points.stream().mapToInt(p -> p.get("Bounces")).sum() == 1
                    && points.stream().mapToInt(p -> p.get("Complaints")).sum() == 1;
        });
        call(a, "GetSendQuota", Map.of()).statusCode(200).body("SentLast24Hours", equalTo(0.0f));
    }

    @Test
    void aDomainWithVerifiedEasyDkimSignsAndTheSignatureVerifies() throws Exception {
        String a = "500000000012";
        verified(identities, a, "signed.example.com");
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        String sealed = new dev.sesame.security.SecretBox("c2VzYW1lLWRldmVsb3BtZW50LWRraW0ta2V5ISEhISE=")
                .seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        String selector = "abcdefghijklmnopqrstuvwxyz234567";
        SendingFixtures.identityEvent(a, "IdentityDkimKeysCreated", "signed.example.com", Map.of("identity", "signed.example.com",
                "tokens", List.of(selector, "b".repeat(32), "c".repeat(32)), "publicKey", "unused", "privateKey", sealed));
        SendingFixtures.identityEvent(a, "IdentityDkimStatusChanged", "signed.example.com",
                Map.of("identity", "signed.example.com", "status", "Success"));
        eventually("DKIM known", () -> identities.find(a, "signed.example.com").map(i -> i.signsWithDkim()).orElse(false));

        String id = call(a, "SendEmail", email("me@signed.example.com", List.of("dkim@rcpt.example.com"), "signed   subject", "body  with  spaces \n"))
                .statusCode(200).extract().path("MessageId");
        eventually("signed delivery", () -> sink.to("dkim@rcpt.example.com").stream().anyMatch(m -> parseId(m).contains(id)));
        byte[] data = sink.to("dkim@rcpt.example.com").stream().filter(m -> parseId(m).contains(id)).findFirst().orElseThrow().data();
        Map<String, String> tags = DkimVerifier.verify(data, pair.getPublic());
        assertEquals("signed.example.com", tags.get("d"));
        assertEquals(selector, tags.get("s"));
        assertTrue(tags.get("h").startsWith("from:"), tags.get("h"));

        // Keys whose CNAMEs were not found in DNS do not sign.
        verified(identities, a, "pending-dkim.example.com");
        SendingFixtures.identityEvent(a, "IdentityDkimKeysCreated", "pending-dkim.example.com", Map.of("identity",
                "pending-dkim.example.com", "tokens", List.of(selector, "b".repeat(32), "c".repeat(32)), "publicKey", "unused",
                "privateKey", sealed));
        eventually("keys known", () -> identities.find(a, "pending-dkim.example.com").map(i -> i.dkimTokens() != null).orElse(false));
        String unsigned = call(a, "SendEmail", email("me@pending-dkim.example.com", List.of("nodkim@rcpt.example.com"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        eventually("unsigned delivery", () -> sink.to("nodkim@rcpt.example.com").stream().anyMatch(m -> parseId(m).contains(unsigned)));
        assertFalse(parseId(sink.to("nodkim@rcpt.example.com").get(0)).contains("DKIM-Signature"));
    }

    @Test
    void anotherAccountSendsThroughSourceArnOnlyWhenTheOwnersPolicyAllowsIt() {
        String owner = "500000000013";
        String delegate = "500000000014";
        verified(identities, owner, "owner.example.com");
        String arn = "arn:aws:ses:us-east-1:" + owner + ":identity/owner.example.com";
        Map<String, Object> body = new java.util.HashMap<>(email("team@owner.example.com", List.of("x@rcpt.example.com"), "s", "t"));
        body.put("SourceArn", arn);
        call(delegate, "SendEmail", body).statusCode(400).body("code", equalTo("MessageRejected"));
        SendingFixtures.identityEvent(owner, "IdentityPolicyPut", "owner.example.com", Map.of("identity", "owner.example.com",
                "policyName", "delegate", "policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"" + delegate + "\"},\"Action\":\"ses:SendEmail\",\"Resource\":\"" + arn + "\","
                        + "\"Condition\":{\"StringLike\":{\"ses:FromAddress\":\"team@*\"}}}]}"));
        eventually("the policy is known", () -> !identities.find(owner, "owner.example.com").orElseThrow().policies().isEmpty());
        String id = call(delegate, "SendEmail", body).statusCode(200).extract().path("MessageId");
        JsonNode send = events(id, e -> count(e, "Send") == 1).get(0);
        assertEquals(arn, send.at("/mail/sourceArn").asText());
        assertEquals(delegate, send.at("/mail/sendingAccountId").asText());
        Map<String, Object> otherFrom = new java.util.HashMap<>(body);
        otherFrom.put("Source", "ceo@owner.example.com");
        call(delegate, "SendEmail", otherFrom).statusCode(400).body("code", equalTo("MessageRejected"));
    }

    @Test
    void noFeedbackMailWhenForwardingIsOff() throws InterruptedException {
        String a = "500000000015";
        verified(identities, a, "quiet.example.com");
        SendingFixtures.identityEvent(a, "IdentityFeedbackForwardingSet", "quiet.example.com",
                Map.of("identity", "quiet.example.com", "enabled", false));
        eventually("forwarding off", () -> !identities.find(a, "quiet.example.com").orElseThrow().forwardingEnabled());
        String id = call(a, "SendEmail", email("me@quiet.example.com", List.of("reject-q@rcpt.example.com"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Bounce") == 1);
        Thread.sleep(500);
        assertTrue(sink.to("me@quiet.example.com").isEmpty());
    }

    @Test
    void aVerifiedCustomMailFromBecomesTheEnvelopeSenderAndAnUnverifiedOneCanReject() {
        String a = "500000000016";
        verified(identities, a, "mailfrom.example.com");
        SendingFixtures.identityEvent(a, "IdentityMailFromDomainSet", "mailfrom.example.com", Map.of("identity", "mailfrom.example.com",
                "mailFromDomain", "bounce.mailfrom.example.com", "behaviorOnMxFailure", "RejectMessage"));
        eventually("MAIL FROM known", () -> identities.find(a, "mailfrom.example.com").orElseThrow().mailFromDomain() != null);
        call(a, "SendEmail", email("me@mailfrom.example.com", List.of("mf@rcpt.example.com"), "s", "t")).statusCode(400)
                .body("code", equalTo("MailFromDomainNotVerifiedException"));
        SendingFixtures.identityEvent(a, "IdentityMailFromStatusChanged", "mailfrom.example.com",
                Map.of("identity", "mailfrom.example.com", "status", "Success"));
        eventually("MAIL FROM verified", () -> identities.find(a, "mailfrom.example.com").orElseThrow().mailFromVerified());
        String id = call(a, "SendEmail", email("me@mailfrom.example.com", List.of("mf@rcpt.example.com"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        eventually("delivery", () -> sink.to("mf@rcpt.example.com").stream().anyMatch(m -> parseId(m).contains(id)));
        assertEquals(id + "@bounce.mailfrom.example.com", sink.to("mf@rcpt.example.com").get(0).from());
    }

    @Test
    void aConfigurationSetTheEventsServiceCreatedCanBeUsedAndTagsTheEvents() throws Exception {
        String a = "500000000017";
        verified(identities, a, "configured.example.com");
        SendingFixtures.identityLog().append(dev.sesame.eventlog.catalogue.Topics.CONFIGURATION_SETS, a,
                dev.sesame.eventlog.EventEnvelope.of("ConfigurationSetCreated", 1, a, "marketing", null,
                        dev.sesame.eventlog.EventCodec.JSON.valueToTree(Map.of("configurationSet", "marketing")))).get();
        Map<String, Object> body = new java.util.HashMap<>(email("me@configured.example.com", List.of("cs@rcpt.example.com"), "s", "t"));
        body.put("ConfigurationSetName", "marketing");
        String[] id = new String[1];
        eventually("the configuration set is known", () -> {
            var response = call(a, "SendEmail", body).extract();
            id[0] = response.statusCode() == 200 ? response.path("MessageId") : null;
            return id[0] != null;
        });
        JsonNode send = events(id[0], e -> count(e, "Send") == 1).get(0);
        assertEquals("marketing", send.at("/mail/tags/ses:configuration-set/0").asText());
        String raw = "From: me@configured.example.com\r\nTo: cs@rcpt.example.com\r\nSubject: s\r\nX-SES-CONFIGURATION-SET: marketing\r\n\r\nbody\r\n";
        String rawId = call(a, "SendRawEmail", Map.of("RawMessage", Map.of("Data", Base64.getEncoder().encodeToString(raw.getBytes()))))
                .statusCode(200).extract().path("MessageId");
        assertEquals("marketing", events(rawId, e -> count(e, "Send") == 1).get(0).at("/mail/tags/ses:configuration-set/0").asText());
        String unknown = raw.replace("marketing", "unknown-set");
        call(a, "SendRawEmail", Map.of("RawMessage", Map.of("Data", Base64.getEncoder().encodeToString(unknown.getBytes()))))
                .statusCode(400).body("code", equalTo("ConfigurationSetDoesNotExist"));
    }

    @Test
    void sendBounceSendsADeliveryStatusNotificationToTheSenderOfAReceivedMessage() throws Exception {
        String a = "500000000018";
        verified(identities, a, "bouncer.example.com");
        SendingFixtures.identityLog().append(dev.sesame.eventlog.catalogue.Topics.RECEIPT, a,
                dev.sesame.eventlog.EventEnvelope.of("MessageReceived", 1, a, "inbound-1", null, dev.sesame.eventlog.EventCodec.JSON
                        .valueToTree(Map.of("messageId", "inbound-1", "source", "sender@outside.example",
                                "recipients", List.of("gone@bouncer.example.com"))))).get();
        Map<String, Object> bounce = Map.of("OriginalMessageId", "inbound-1", "BounceSender", "mailer-daemon@bouncer.example.com",
                "Explanation", "This mailbox is gone.",
                "MessageDsn", Map.of("ReportingMta", "dns; mx.bouncer.example.com"),
                "BouncedRecipientInfoList", List.of(Map.of("Recipient", "gone@bouncer.example.com", "BounceType", "DoesNotExist")));
        String[] id = new String[1];
        eventually("the received message is known", () -> {
            var response = call(a, "SendBounce", bounce).extract();
            id[0] = response.statusCode() == 200 ? response.path("MessageId") : null;
            return id[0] != null;
        });
        eventually("the bounce reaches the original sender", () -> sink.to("sender@outside.example").stream()
                .anyMatch(m -> parseId(m).contains(id[0])));
        ProgrammableSmtpSink.Received dsn = sink.to("sender@outside.example").stream().filter(m -> parseId(m).contains(id[0]))
                .findFirst().orElseThrow();
        assertEquals("", dsn.from(), "a bounce comes from the null sender");
        String text = parseId(dsn);
        assertTrue(text.contains("report-type=delivery-status"), text);
        assertTrue(text.contains("Final-Recipient: rfc822; gone@bouncer.example.com"), text);
        assertTrue(text.contains("Status: 5.1.1"), text);
        assertTrue(text.contains("Reporting-MTA: dns; mx.bouncer.example.com"), text);
        assertTrue(text.contains("This mailbox is gone."), text);

        // Without a MessageDsn, the ReportingMta "default value is dns; inbound-smtp.[region].amazonaws.com".
        Map<String, Object> plain = new java.util.HashMap<>(bounce);
        plain.remove("MessageDsn");
        String plainId = call(a, "SendBounce", plain).statusCode(200).extract().path("MessageId");
        eventually("the second bounce reaches the original sender", () -> sink.to("sender@outside.example").stream()
                .anyMatch(m -> parseId(m).contains(plainId)));
        String plainText = parseId(sink.to("sender@outside.example").stream().filter(m -> parseId(m).contains(plainId)).findFirst().orElseThrow());
        assertTrue(plainText.contains("Reporting-MTA: dns; inbound-smtp.us-east-1.amazonaws.com"), plainText);

        Map<String, Object> unknown = new java.util.HashMap<>(bounce);
        unknown.put("OriginalMessageId", "never-received");
        call(a, "SendBounce", unknown).statusCode(400).body("code", equalTo("MessageRejected"));
        Map<String, Object> stranger = new java.util.HashMap<>(bounce);
        stranger.put("BounceSender", "someone@unverified.example.com");
        call(a, "SendBounce", stranger).statusCode(400).body("code", equalTo("MessageRejected"));
    }
}

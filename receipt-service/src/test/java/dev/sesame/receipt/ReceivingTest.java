package dev.sesame.receipt;

import static dev.sesame.receipt.ReceiptRuleActionsTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.EventLog;
import dev.sesame.receipt.inbound.InboundSmtpServer;
import dev.sesame.receipt.model.VerifiedRecipients;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Mail delivered over real SMTP to the inbound server runs the tenant's active rule set. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class ReceivingTest {

    @Inject
    InboundSmtpServer smtp;

    @Inject
    VerifiedRecipients recipients;

    /** A plain SMTP client session: each command's reply line, as a client sees it. */
    final class Session implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        Session() throws Exception {
            socket = new Socket("127.0.0.1", smtp.port());
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            reply();
            command("EHLO client.example");
        }

        /** STARTTLS, then EHLO again over TLS (the test trusts the server's generated certificate). */
        void startTls() throws Exception {
            assertTrue(command("STARTTLS").startsWith("220"));
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) { }

                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) { }

                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", smtp.port(), true);
            secure.startHandshake();
            socket = secure;
            in = new BufferedReader(new InputStreamReader(secure.getInputStream(), StandardCharsets.UTF_8));
            out = secure.getOutputStream();
            command("EHLO client.example");
        }

        String command(String line) throws Exception {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply();
        }

        String reply() throws Exception {
            String line;
            do {
                line = in.readLine();
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        @Override
        public void close() throws Exception {
            command("QUIT");
            socket.close();
        }
    }

    private static void verified(String account, String domain) throws Exception {
        try (EventLog log = new EventLog(KafkaBroker.shared().bootstrapServers(), "test")) {
            ObjectMapper json = new ObjectMapper();
            log.append("sesame.identity.events", account, EventEnvelope.of("IdentityVerificationRequested", 1, account, domain, null,
                    json.readTree("{\"identity\":\"" + domain + "\",\"identityType\":\"Domain\"}"))).get(10, TimeUnit.SECONDS);
            log.append("sesame.identity.events", account, EventEnvelope.of("IdentityVerificationStatusChanged", 1, account, domain, null,
                    json.readTree("{\"identity\":\"" + domain + "\",\"status\":\"Success\",\"reason\":\"operator\"}"))).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void acceptedMailRunsTheActiveRulesInOrderAndIpFiltersAndUnknownRecipientsAreRefused() throws Exception {
        String a = "960000000001";
        verified(a, "in.example.com");
        Instant deadline = Instant.now().plusSeconds(20);
        while (recipients.owner("x@in.example.com").isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "inbound")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "inbound", "Rule", Map.of("Name", "never", "Enabled", true,
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "never-bucket")))))).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "inbound", "Rule", Map.of("Name", "stop", "Enabled", true,
                "Actions", List.of(Map.of("StopAction", Map.of("Scope", "RuleSet")))))).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "inbound", "Rule", Map.of("Name", "disabled", "Enabled", false,
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "never-bucket")))))).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "inbound", "Rule", Map.of("Name", "other-domain", "Enabled", true,
                "Recipients", List.of("elsewhere.example.com"), "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "never-bucket"))))))
                .statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "inbound", "Rule", Map.of("Name", "store", "Enabled", true,
                "Recipients", List.of("in.example.com"), "Actions", List.of(
                        Map.of("AddHeaderAction", Map.of("HeaderName", "X-Seen", "HeaderValue", "yes")),
                        Map.of("S3Action", Map.of("BucketName", "mail-in", "ObjectKeyPrefix", "in/")))))).statusCode(200);
        // Order now: store, other-domain, disabled, stop, never.
        call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "inbound")).statusCode(200);

        String id;
        try (Session session = new Session()) {
            assertTrue(session.command("MAIL FROM:<sender@outside.example>").startsWith("250"));
            assertTrue(session.command("RCPT TO:<nobody@unverified.example>").startsWith("550"), "an address no tenant verified");
            assertTrue(session.command("RCPT TO:<someone@in.example.com>").startsWith("250"));
            assertTrue(session.command("DATA").startsWith("354"));
            String done = session.command("Subject: hello\r\nFrom: sender@outside.example\r\n\r\nbody text\r\n.");
            assertTrue(done.startsWith("250 Ok "), done);
            id = done.substring("250 Ok ".length()).trim();
        }
        Path stored = Path.of("target/receipt-objects/mail-in/in", id);
        assertTrue(Files.exists(stored), "the S3 action stored the message");
        String content = Files.readString(stored);
        assertTrue(content.startsWith("X-Seen: yes\r\n"), "AddHeader ran before S3: " + content);
        assertTrue(content.contains("body text"));
        assertFalse(Files.exists(Path.of("target/receipt-objects/never-bucket", id)), "Stop ended the rule set; disabled and "
                + "non-matching rules did not run");

        call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "block-local", "IpFilter", Map.of("Policy", "Block",
                "Cidr", "127.0.0.0/8")))).statusCode(200);
        try (Session session = new Session()) {
            session.command("MAIL FROM:<sender@outside.example>");
            assertTrue(session.command("RCPT TO:<someone@in.example.com>").startsWith("554"), "a blocked client");
        }
        call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "allow-me", "IpFilter", Map.of("Policy", "Allow",
                "Cidr", "127.0.0.1/32")))).statusCode(200);
        try (Session session = new Session()) {
            session.command("MAIL FROM:<sender@outside.example>");
            assertEquals("250", session.command("RCPT TO:<someone@in.example.com>").substring(0, 3), "an Allow wins over a Block");
        }
    }

    @Test
    void aRuleWithTlsPolicyRequireRefusesPlainSmtpAndAcceptsStartTls() throws Exception {
        String a = "960000000002";
        verified(a, "tls.example.com");
        Instant deadline = Instant.now().plusSeconds(20);
        while (recipients.owner("x@tls.example.com").isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "secure")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "secure", "Rule", Map.of("Name", "tls-only", "Enabled", true,
                "TlsPolicy", "Require", "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "tls-bucket")))))).statusCode(200);
        call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "secure")).statusCode(200);
        try (Session plain = new Session()) {
            plain.command("MAIL FROM:<sender@outside.example>");
            plain.command("RCPT TO:<someone@tls.example.com>");
            assertTrue(plain.command("DATA").startsWith("354"));
            String refused = plain.command("Subject: plain\r\n\r\nbody\r\n.");
            assertTrue(refused.startsWith("554"), refused);
        }
        try (Session secure = new Session()) {
            secure.startTls();
            secure.command("MAIL FROM:<sender@outside.example>");
            assertTrue(secure.command("RCPT TO:<someone@tls.example.com>").startsWith("250"));
            assertTrue(secure.command("DATA").startsWith("354"));
            String accepted = secure.command("Subject: secure\r\n\r\nbody\r\n.");
            assertTrue(accepted.startsWith("250 Ok "), accepted);
            assertTrue(Files.exists(Path.of("target/receipt-objects/tls-bucket", accepted.substring("250 Ok ".length()).trim())));
        }
    }
}

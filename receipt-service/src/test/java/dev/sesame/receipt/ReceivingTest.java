package dev.sesame.receipt;

import dev.sesame.testing.InternalCalls;
import static dev.sesame.receipt.ReceiptRuleActionsTest.call;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.receipt.inbound.InboundSmtpServer;
import dev.sesame.receipt.model.VerifiedRecipients;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.MotoS3;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.SesameInfraResource;
import dev.sesame.testing.TestDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Mail delivered over real SMTP to the inbound server runs the tenant's active rule set. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ReceivingTest.Dns.class)
class ReceivingTest {

    /** DNS answers (SPF, DKIM keys, DMARC policies) come from a server the test controls. */
    public static class Dns implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            MotoS3.shared().createBucket("remote-archive");
            return Map.of("sesame.receipt.resolver", TestDnsServer.shared().address(), "sesame.receipt.lambda-timeout", "PT5S",
                    "sesame.receipt.s3-buckets.remote-archive.url", MotoS3.shared().url(),
                    "sesame.receipt.s3-buckets.remote-archive.access-key", "AKIDRECEIPT",
                    "sesame.receipt.s3-buckets.remote-archive.secret-key", "receipt-secret");
        }

        @Override
        public void stop() {
            // shared by the JVM
        }
    }

    @Inject
    InboundSmtpServer smtp;

    @Inject
    VerifiedRecipients recipients;

    /** A plain SMTP client session: each command's reply line, as a client sees it. */
    final class Session implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;
        /** The lines of the last EHLO reply. */
        private List<String> ehlo;

        Session() throws Exception {
            socket = new Socket("127.0.0.1", smtp.port());
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            reply();
            ehlo = lines("EHLO client.example");
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
            ehlo = lines("EHLO client.example");
        }

        String command(String line) throws Exception {
            List<String> reply = lines(line);
            return reply.get(reply.size() - 1);
        }

        /** Every line of a command's reply. */
        List<String> lines(String line) throws Exception {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            do {
                lines.add(in.readLine());
            } while (lines.get(lines.size() - 1).length() > 3 && lines.get(lines.size() - 1).charAt(3) == '-');
            return lines;
        }

        /** The extension keywords of the last EHLO reply (its first line is the greeting). */
        List<String> extensions() {
            return ehlo.stream().skip(1).map(l -> l.substring(4).split(" ")[0]).toList();
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

    /** The domain is verified for the account as the identity service records it; returns once the inbound server knows. */
    private void verified(String account, String domain) throws Exception {
        try (EventLog log = new EventLog(KafkaBroker.shared().bootstrapServers(), "test")) {
            ObjectMapper json = new ObjectMapper();
            log.append("sesame.identity.events", account, EventEnvelope.of("IdentityVerificationRequested", 1, account, domain, null,
                    json.readTree("{\"identity\":\"" + domain + "\",\"identityType\":\"Domain\"}"))).get(10, TimeUnit.SECONDS);
            log.append("sesame.identity.events", account, EventEnvelope.of("IdentityVerificationStatusChanged", 1, account, domain, null,
                    json.readTree("{\"identity\":\"" + domain + "\",\"status\":\"Success\",\"reason\":\"operator\"}"))).get(10, TimeUnit.SECONDS);
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (recipients.owner("x@" + domain).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    @Test
    void acceptedMailRunsTheActiveRulesInOrderAndIpFiltersAndUnknownRecipientsAreRefused() throws Exception {
        String a = "960000000001";
        verified(a, "in.example.com");
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
        Path stored = Path.of("target/receipt-objects/" + a + "/mail-in/in", id);
        assertTrue(Files.exists(stored), "the S3 action stored the message");
        String content = Files.readString(stored);
        assertTrue(content.startsWith("X-Seen: yes\r\n"), "AddHeader ran before S3: " + content);
        assertTrue(content.contains("body text"));
        assertFalse(Files.exists(Path.of("target/receipt-objects/" + a + "/never-bucket", id)), "Stop ended the rule set; disabled and "
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

    /** RFC 3207: "A server MUST NOT return the STARTTLS extension in response to an EHLO command received after a TLS handshake". */
    @Test
    void ehloOffersStartTlsOnlyBeforeTlsAndEndsWithAnExtension() throws Exception {
        try (Session session = new Session()) {
            assertEquals(List.of("8BITMIME", "SIZE", "STARTTLS", "CHUNKING", "SMTPUTF8"), session.extensions());
            assertTrue(session.ehlo.contains("250-SIZE 41943040"), session.ehlo.toString());
            assertTrue(session.ehlo.get(session.ehlo.size() - 1).startsWith("250 SMTPUTF8"), session.ehlo.toString());
            session.startTls();
            assertEquals(List.of("8BITMIME", "SIZE", "CHUNKING", "SMTPUTF8"), session.extensions());
        }
    }

    /** Found by ./sesame bench fuzz: a SIZE beyond an int dropped the connection instead of being refused. */
    @Test
    void aSizeBeyondAnyLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        try (Session session = new Session()) {
            assertTrue(session.command("MAIL FROM:<sender@outside.example> SIZE=99999999999999999999").startsWith("552"));
            assertTrue(session.command("MAIL FROM:<sender@outside.example> SIZE=1000").startsWith("250"));
        }
    }

    @Test
    void aRuleWithTlsPolicyRequireRefusesPlainSmtpAndAcceptsStartTls() throws Exception {
        String a = "960000000002";
        verified(a, "tls.example.com");
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
            assertTrue(Files.exists(Path.of("target/receipt-objects/" + a + "/tls-bucket", accepted.substring("250 Ok ".length()).trim())));
        }
    }

    /** Delivers one message over SMTP and returns the inbound message id (the text after {@code 250 Ok}). */
    private String deliver(String from, String to, String message) throws Exception {
        try (Session session = new Session()) {
            assertTrue(session.command("MAIL FROM:<" + from + ">").startsWith("250"));
            assertTrue(session.command("RCPT TO:<" + to + ">").startsWith("250"));
            assertTrue(session.command("DATA").startsWith("354"));
            String done = session.command(message + "\r\n.");
            assertTrue(done.startsWith("250 Ok "), done);
            return done.substring("250 Ok ".length()).trim();
        }
    }


    /** The receipt stream's events about one received message (all of them for null), in order. */
    private static List<EventEnvelope> receiptEvents(String messageId) {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        props.put("isolation.level", "read_committed");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, EventEnvelope> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                props, new org.apache.kafka.common.serialization.StringDeserializer(), new dev.sesame.eventlog.EventCodec())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor("sesame.receipt.events").stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<EventEnvelope> found = new java.util.ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(r -> {
                    if (messageId == null || messageId.equals(r.value().aggregateId())) {
                        found.add(r.value());
                    }
                });
            }
            return found;
        }
    }

    /** A Lambda-style function: a real HTTP server that records each event and answers with a fixed result. */
    private static final class Function implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        Function(String result) throws Exception {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                events.add(new ObjectMapper().readTree(exchange.getRequestBody()));
                byte[] body = result.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void register(String path, Map<String, String> body) {
        io.restassured.RestAssured.given().contentType("application/json").header("Authorization", InternalCalls.operator("receipt"))
                .body(body).post("/internal/admin/" + path).then().statusCode(201);
    }

    @Test
    void lambdaDispositionsDecideWhatRunsAndActionsNotifyForwardAndBounce() throws Exception {
        String a = "960000000003";
        verified(a, "actions.example.com");
        String topic = "arn:aws:sns:us-east-1:" + a + ":inbound";
        String org = "arn:aws:workmail:us-east-1:" + a + ":organization/m-0123456789abcdef";
        try (Function async = new Function("");
             Function stopRule = new Function("{\"disposition\":\"STOP_RULE\"}");
             Function stopRuleSet = new Function("{\"disposition\":\"STOP_RULE_SET\"}")) {
            String asyncArn = "arn:aws:lambda:us-east-1:" + a + ":function:audit";
            String stopRuleArn = "arn:aws:lambda:us-east-1:" + a + ":function:gate";
            String stopRuleSetArn = "arn:aws:lambda:us-east-1:" + a + ":function:last";
            register("functions", Map.of("functionArn", asyncArn, "endpoint", async.url()));
            register("functions", Map.of("functionArn", stopRuleArn, "endpoint", stopRule.url()));
            register("functions", Map.of("functionArn", stopRuleSetArn, "endpoint", stopRuleSet.url()));
            register("workmail-organizations", Map.of("organizationArn", org, "smtpHost", "127.0.0.1:" + ProgrammableSmtpSink.shared().port()));
            MotoS3.shared().createBucket("tenant-archive");
            register("buckets", Map.of("accountId", a, "bucketName", "tenant-archive", "url", MotoS3.shared().url(),
                    "accessKey", "AKIDTENANT", "secretKey", "tenant-secret"));
            io.restassured.RestAssured.given().contentType("application/json").header("Authorization", InternalCalls.operator("receipt"))
                    .body(Map.of("functionArn", "arn:aws:lambda:us-east-1:1:bad",
                    "endpoint", "http://x")).post("/internal/admin/functions").then().statusCode(400);

            call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "actions")).statusCode(200);
            call(a, "CreateReceiptRule", Map.of("RuleSetName", "actions", "Rule", Map.of("Name", "first", "Enabled", true,
                    "Actions", List.of(
                            Map.of("LambdaAction", Map.of("FunctionArn", asyncArn, "InvocationType", "Event")),
                            Map.of("LambdaAction", Map.of("FunctionArn", stopRuleArn, "InvocationType", "RequestResponse")),
                            Map.of("S3Action", Map.of("BucketName", "skipped-by-stop-rule")))))).statusCode(200);
            call(a, "CreateReceiptRule", Map.of("RuleSetName", "actions", "After", "first", "Rule", Map.of("Name", "second", "Enabled", true,
                    "Actions", List.of(
                            Map.of("S3Action", Map.of("BucketName", "kept", "ObjectKeyPrefix", "inbox", "TopicArn", topic)),
                            Map.of("S3Action", Map.of("BucketName", "remote-archive", "ObjectKeyPrefix", "mail/")),
                            Map.of("S3Action", Map.of("BucketName", "tenant-archive")),
                            Map.of("WorkmailAction", Map.of("OrganizationArn", org)),
                            Map.of("BounceAction", Map.of("SmtpReplyCode", "550", "StatusCode", "5.1.1", "Message", "Mailbox does not exist",
                                    "Sender", "postmaster@actions.example.com", "TopicArn", topic)),
                            Map.of("LambdaAction", Map.of("FunctionArn", stopRuleSetArn, "InvocationType", "RequestResponse")),
                            Map.of("S3Action", Map.of("BucketName", "after-stop-rule-set")))))).statusCode(200);
            call(a, "CreateReceiptRule", Map.of("RuleSetName", "actions", "After", "second", "Rule", Map.of("Name", "third", "Enabled", true,
                    "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "after-stop-rule-set")))))).statusCode(200);
            call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "actions")).statusCode(200);

            String id = deliver("someone@outside.example", "help@actions.example.com",
                    "From: someone@outside.example\r\nTo: help@actions.example.com\r\nSubject: actions\r\n\r\nplease");
            assertTrue(id.matches("[0-9a-z]{40}"), "SES's inbound message id shape: " + id);

            assertEquals(1, stopRule.events.size(), "RequestResponse waited for the function");
            com.fasterxml.jackson.databind.JsonNode record = stopRule.events.get(0).path("Records").get(0);
            assertEquals("aws:ses", record.path("eventSource").asText());
            assertEquals("RequestResponse", record.at("/ses/receipt/action/invocationType").asText());
            assertEquals(stopRuleArn, record.at("/ses/receipt/action/functionArn").asText());
            assertEquals(id, record.at("/ses/mail/messageId").asText());
            assertFalse(record.path("ses").has("content"), "a Lambda event has no content");
            Instant deadline = Instant.now().plusSeconds(10);
            while (async.events.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertEquals("Event", async.events.get(0).at("/Records/0/ses/receipt/action/invocationType").asText());

            assertFalse(Files.exists(Path.of("target/receipt-objects/" + a + "/skipped-by-stop-rule", id)), "STOP_RULE skipped the rest of the rule");
            assertTrue(Files.exists(Path.of("target/receipt-objects/" + a + "/kept/inbox", id)), "the next rule ran; SES adds the / after the prefix");
            assertFalse(Files.exists(Path.of("target/receipt-objects/" + a + "/after-stop-rule-set", id)), "STOP_RULE_SET ended the rule set");
            assertEquals(1, stopRuleSet.events.size());
            assertTrue(MotoS3.shared().get("remote-archive", "mail/" + id, "AKIDRECEIPT", "receipt-secret").contains("Subject: actions"),
                    "a bucket configured as S3-compatible got the message (moto's S3, read back with boto3)");
            assertTrue(MotoS3.shared().get("tenant-archive", id, "AKIDTENANT", "tenant-secret").contains("Subject: actions"),
                    "so did the tenant's bucket registered through the admin API");
            io.restassured.RestAssured.given().header("Authorization", InternalCalls.operator("receipt")).queryParam("accountId", a)
                    .get("/internal/admin/buckets").then().statusCode(200)
                    .body(not(containsString("tenant-secret")));
            List<ProgrammableSmtpSink.Received> forwarded = ProgrammableSmtpSink.shared().to("help@actions.example.com");
            assertEquals(1, forwarded.size(), "WorkMail forwarded the message to the organization's host");
            assertTrue(new String(forwarded.get(0).data(), StandardCharsets.UTF_8).contains("Subject: actions"));

            List<EventEnvelope> events = receiptEvents(id);
            List<com.fasterxml.jackson.databind.JsonNode> notifications = events.stream()
                    .filter(e -> e.type().equals("ReceiptNotificationRequested")).map(e -> {
                        try {
                            return new ObjectMapper().readTree(e.payload().path("message").asText());
                        } catch (java.io.IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }).toList();
            assertEquals(List.of("S3", "Bounce"), notifications.stream().map(n -> n.at("/receipt/action/type").asText()).toList());
            com.fasterxml.jackson.databind.JsonNode s3 = notifications.get(0);
            assertEquals("Received", s3.path("notificationType").asText());
            assertEquals("inbox/" + id, s3.at("/receipt/action/objectKey").asText());
            assertEquals("kept", s3.at("/receipt/action/bucketName").asText());
            assertEquals(topic, s3.at("/receipt/action/topicArn").asText());
            assertFalse(s3.has("content"), "only an SNS action's notification carries the content");
            assertEquals("550", notifications.get(1).at("/receipt/action/smtpReplyCode").asText());
            assertEquals("postmaster@actions.example.com", notifications.get(1).at("/receipt/action/sender").asText());
            assertEquals("DISABLED", s3.at("/receipt/spfVerdict/status").asText(), "ScanEnabled is off");

            EventEnvelope bounce = events.stream().filter(e -> e.type().equals("BounceRequested")).findFirst().orElseThrow();
            assertEquals("someone@outside.example", bounce.payload().path("source").asText());
            assertEquals("postmaster@actions.example.com", bounce.payload().at("/sendBounce/BounceSender").asText());
            assertEquals("smtp; 550 5.1.1 Mailbox does not exist",
                    bounce.payload().at("/sendBounce/BouncedRecipientInfoList/0/RecipientDsnFields/DiagnosticCode").asText());
            EventEnvelope received = events.stream().filter(e -> e.type().equals("MessageReceived")).findFirst().orElseThrow();
            assertEquals(List.of("first", "second"), new ObjectMapper().convertValue(received.payload().path("matchedRules"), List.class));
        }
        everyRecordOnTheReceiptTopicMatchesItsSchema(List.of("FunctionRegistered", "WorkMailOrganizationRegistered", "BounceRequested",
                "ReceiptNotificationRequested", "MessageReceived", "ReceiptRuleCreated"));
    }

    /** Every record on the receipt topic so far (all the types this test produced among them) validates against its schema. */
    private static void everyRecordOnTheReceiptTopicMatchesItsSchema(List<String> expectedTypes) {
        Path docs = Path.of("../docs/events").toAbsolutePath().normalize();
        com.networknt.schema.JsonSchemaFactory factory = com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012, builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(
                        "https://sesame.dev/schemas/events/", docs.toUri().toString())));
        java.util.Set<String> types = new java.util.TreeSet<>();
        for (EventEnvelope event : receiptEvents(null)) {
            com.networknt.schema.JsonSchema schema = factory.getSchema(com.networknt.schema.SchemaLocation.of(
                    "https://sesame.dev/schemas/events/receipt/" + event.type() + ".schema.json"));
            java.util.Set<com.networknt.schema.ValidationMessage> errors = schema.validate(event.payload());
            assertTrue(errors.isEmpty(), event.type() + " does not match its schema: " + errors + "\n" + event.payload());
            types.add(event.type());
        }
        assertTrue(types.containsAll(expectedTypes), types.toString());
    }

    @Test
    void scanEnabledGivesSpfDkimDmarcAndContentVerdictsFromRealChecks() throws Exception {
        String a = "960000000004";
        verified(a, "scan.example.com");
        TestDnsServer dns = TestDnsServer.shared();
        dns.txt("aligned.example", "v=spf1 ip4:127.0.0.1 -all");
        dns.txt("_dmarc.aligned.example", "v=DMARC1; p=reject");
        dns.txt("forged.example", "v=spf1 ip4:192.0.2.1 -all");
        dns.txt("_dmarc.forged.example", "v=DMARC1; p=quarantine; adkim=s");
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair key = generator.generateKeyPair();
        dns.txt("sel._domainkey.aligned.example", "v=DKIM1; k=rsa; p=" + java.util.Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
        String topic = "arn:aws:sns:us-east-1:" + a + ":scanned";
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "scan")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "scan", "Rule", Map.of("Name", "scan", "Enabled", true, "ScanEnabled", true,
                "Actions", List.of(Map.of("SNSAction", Map.of("TopicArn", topic)))))).statusCode(200);
        call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "scan")).statusCode(200);

        String message = "From: alice@aligned.example\r\nTo: bob@scan.example.com\r\nSubject: signed\r\n\r\nhello, signed\r\n";
        String signature = new org.apache.james.jdkim.DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=aligned.example; s=sel; "
                + "h=from:to:subject; bh=; b=;", key.getPrivate()).sign(new java.io.ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        com.fasterxml.jackson.databind.JsonNode good = verdicts(deliver("alice@aligned.example", "bob@scan.example.com",
                signature + "\r\n" + message));
        assertEquals("PASS", good.at("/spfVerdict/status").asText(), good.toString());
        assertEquals("PASS", good.at("/dkimVerdict/status").asText(), good.toString());
        assertEquals("PASS", good.at("/dmarcVerdict/status").asText(), good.toString());
        assertEquals("PASS", good.at("/spamVerdict/status").asText());
        assertEquals("PASS", good.at("/virusVerdict/status").asText());
        assertFalse(good.has("dmarcPolicy"));

        com.fasterxml.jackson.databind.JsonNode tampered = verdicts(deliver("alice@aligned.example", "bob@scan.example.com",
                signature + "\r\n" + message.replace("hello, signed", "hello, changed")));
        assertEquals("FAIL", tampered.at("/dkimVerdict/status").asText(), "the body no longer matches the signature");
        assertEquals("PASS", tampered.at("/dmarcVerdict/status").asText(), "SPF still passes for the aligned MAIL FROM");

        com.fasterxml.jackson.databind.JsonNode forged = verdicts(deliver("mallory@forged.example", "bob@scan.example.com",
                "From: boss@forged.example\r\nTo: bob@scan.example.com\r\nSubject: urgent\r\n\r\n" + ContentScannerTestStrings.GTUBE + "\r\n"));
        assertEquals("FAIL", forged.at("/spfVerdict/status").asText(), "127.0.0.1 is not in forged.example's SPF record");
        assertEquals("GRAY", forged.at("/dkimVerdict/status").asText(), "unsigned");
        assertEquals("FAIL", forged.at("/dmarcVerdict/status").asText());
        assertEquals("quarantine", forged.path("dmarcPolicy").asText());
        assertEquals("FAIL", forged.at("/spamVerdict/status").asText(), "GTUBE");

        com.fasterxml.jackson.databind.JsonNode unknown = verdicts(deliver("carol@no-policy.example", "bob@scan.example.com",
                "From: carol@no-policy.example\r\nSubject: eicar\r\n\r\n" + ContentScannerTestStrings.EICAR + "\r\n"));
        assertEquals("GRAY", unknown.at("/spfVerdict/status").asText(), "no SPF record");
        assertEquals("GRAY", unknown.at("/dmarcVerdict/status").asText(), "no DMARC policy");
        assertEquals("FAIL", unknown.at("/virusVerdict/status").asText(), "EICAR");
    }

    /** The receipt of the SNS notification a message produced. */
    private static com.fasterxml.jackson.databind.JsonNode verdicts(String messageId) throws Exception {
        EventEnvelope notification = receiptEvents(messageId).stream().filter(e -> e.type().equals("ReceiptNotificationRequested"))
                .findFirst().orElseThrow();
        return new ObjectMapper().readTree(notification.payload().path("message").asText()).path("receipt");
    }

    @Test
    void aMessageOverTheSnsLimitIsRefusedWhereAnSnsActionWouldRun() throws Exception {
        String a = "960000000005";
        verified(a, "big.example.com");
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "big")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "big", "Rule", Map.of("Name", "sns", "Enabled", true,
                "Actions", List.of(Map.of("SNSAction", Map.of("TopicArn", "arn:aws:sns:us-east-1:" + a + ":big", "Encoding", "Base64")))))).statusCode(200);
        call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "big")).statusCode(200);
        String body = "x".repeat(76) + "\r\n";
        try (Session session = new Session()) {
            session.command("MAIL FROM:<sender@outside.example>");
            assertTrue(session.command("RCPT TO:<large@big.example.com>").startsWith("250"));
            assertTrue(session.command("DATA").startsWith("354"));
            String refused = session.command("Subject: large\r\n\r\n" + body.repeat(160 * 1024 / body.length()) + ".");
            assertTrue(refused.startsWith("552 5.3.4"), refused);
        }
        String small = deliver("sender@outside.example", "large@big.example.com", "Subject: small\r\n\r\nsmall");
        com.fasterxml.jackson.databind.JsonNode notification = new ObjectMapper().readTree(receiptEvents(small).stream()
                .filter(e -> e.type().equals("ReceiptNotificationRequested")).findFirst().orElseThrow().payload().path("message").asText());
        assertEquals("BASE64", notification.at("/receipt/action/encoding").asText());
        assertTrue(new String(java.util.Base64.getDecoder().decode(notification.path("content").asText()), StandardCharsets.UTF_8)
                .contains("Subject: small"));
    }

    @Test
    void anS3ActionWithAKmsKeyStoresTheMessageEncryptedAsTheS3EncryptionClientReadsIt() throws Exception {
        String a = "960000000006";
        verified(a, "sealed.example.com");
        String customKey = KmsActionsTest.kms(a, "CreateKey", Map.of("Description", "inbound mail")).statusCode(200)
                .extract().path("KeyMetadata.Arn");
        String defaultKey = "arn:aws:kms:us-east-1:" + a + ":alias/aws/ses";
        MotoS3.shared().createBucket("sealed-archive");
        register("buckets", Map.of("accountId", a, "bucketName", "sealed-archive", "url", MotoS3.shared().url(),
                "region", "us-east-1", "accessKey", "AKIDSEALED", "secretKey", "sealed-secret"));
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "sealed")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "sealed", "Rule", Map.of("Name", "encrypt", "Enabled", true,
                "Actions", List.of(
                        Map.of("AddHeaderAction", Map.of("HeaderName", "X-Sealed", "HeaderValue", "yes")),
                        Map.of("S3Action", Map.of("BucketName", "sealed-local", "KmsKeyArn", customKey)),
                        Map.of("S3Action", Map.of("BucketName", "sealed-archive", "ObjectKeyPrefix", "in", "KmsKeyArn", defaultKey)),
                        Map.of("S3Action", Map.of("BucketName", "clear-local")))))).statusCode(200);
        call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "sealed")).statusCode(200);

        String id = deliver("sender@outside.example", "vault@sealed.example.com", "Subject: confidential\r\n\r\nthe plans");

        Path bucket = Path.of("target/receipt-objects/" + a);
        String clear = Files.readString(bucket.resolve("clear-local").resolve(id));
        assertTrue(clear.startsWith("X-Sealed: yes\r\n") && clear.contains("the plans"), "without a key the message is stored as it is");
        byte[] local = Files.readAllBytes(bucket.resolve("sealed-local").resolve(id));
        assertFalse(new String(local, StandardCharsets.ISO_8859_1).contains("the plans"), "the stored object is not the message in clear");
        Map<String, String> instructions = new ObjectMapper().readValue(bucket.resolve("sealed-local").resolve(id + ".instruction").toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        assertEquals(clear, decrypt(a, local, instructions, customKey, "encrypt", id), "the local object's instruction file decrypts it");

        Map<String, String> metadata = MotoS3.shared().metadata("sealed-archive", "in/" + id, "AKIDSEALED", "sealed-secret");
        byte[] remote = MotoS3.shared().bytes("sealed-archive", "in/" + id, "AKIDSEALED", "sealed-secret");
        assertEquals(clear, decrypt(a, remote, metadata, defaultKey, "encrypt", id), "the S3 object's metadata decrypt it");

        // The data key is bound to its material description and to the tenant.
        Map<String, String> context = new ObjectMapper().readValue(metadata.get("x-amz-matdesc"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        context.put("aws:ses:rule-name", "other");
        KmsActionsTest.error(KmsActionsTest.kms(a, "Decrypt", Map.of("CiphertextBlob", metadata.get("x-amz-key-v2"), "EncryptionContext", context)),
                "InvalidCiphertextException");
        KmsActionsTest.error(KmsActionsTest.kms("960000000007", "Decrypt", Map.of("CiphertextBlob", metadata.get("x-amz-key-v2"),
                "EncryptionContext", context)), "AccessDeniedException");
        everyRecordOnTheReceiptTopicMatchesItsSchema(List.of("KmsKeyCreated", "BucketRegistered", "MessageReceived"));
    }

    /** What the S3 encryption client does with SES's legacy KMS wrapping: unwrap the data key with KMS, then AES-GCM. */
    private static String decrypt(String account, byte[] body, Map<String, String> metadata, String keyArn, String rule, String messageId)
            throws Exception {
        assertEquals("kms", metadata.get("x-amz-wrap-alg"));
        assertEquals("AES/GCM/NoPadding", metadata.get("x-amz-cek-alg"));
        assertEquals("128", metadata.get("x-amz-tag-len"));
        Map<String, String> context = new ObjectMapper().readValue(metadata.get("x-amz-matdesc"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        assertEquals(Map.of("kms_cmk_id", keyArn, "aws:ses:rule-name", rule, "aws:ses:message-id", messageId,
                "aws:ses:source-account", account), context);
        String dataKey = KmsActionsTest.kms(account, "Decrypt", Map.of("CiphertextBlob", metadata.get("x-amz-key-v2"),
                "EncryptionContext", context, "KeyId", keyArn)).statusCode(200).extract().path("Plaintext");
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(dataKey), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, java.util.Base64.getDecoder().decode(metadata.get("x-amz-iv"))));
        byte[] plain = cipher.doFinal(body);
        assertEquals(String.valueOf(plain.length), metadata.get("x-amz-unencrypted-content-length"));
        return new String(plain, StandardCharsets.UTF_8);
    }
}

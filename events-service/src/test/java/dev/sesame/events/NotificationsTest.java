package dev.sesame.events;

import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sesame.events.notifications.NotificationSettings;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Identity notifications reach a webhook subscriber in SNS's signed envelope, in SES's notification format. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class NotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NotificationSettings settings;

    private static void publish(String topic, String account, String type, String aggregate, String json) throws Exception {
        try (EventLog log = new EventLog(KafkaBroker.shared().bootstrapServers(), "test")) {
            log.append(topic, account, EventEnvelope.of(type, 1, account, aggregate, null, JSON.readTree(json))).get(10, TimeUnit.SECONDS);
        }
    }

    private static String record(String account, String type, String detail) {
        return "{\"eventType\":\"" + type + "\",\"mail\":{\"timestamp\":\"2026-11-26T10:00:00.000Z\",\"messageId\":\"m-1\","
                + "\"source\":\"Notify <me@notify.example.com>\",\"sourceArn\":\"arn:aws:ses:us-east-1:" + account
                + ":identity/notify.example.com\",\"sendingAccountId\":\"" + account + "\",\"destination\":[\"x@y.example\"],"
                + "\"headersTruncated\":false,\"headers\":[{\"name\":\"Subject\",\"value\":\"hi\"}],\"commonHeaders\":{\"subject\":\"hi\"},"
                + "\"tags\":{\"t\":[\"v\"]}}," + detail + "}";
    }

    private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not happen within 20 s");
    }

    @Test
    void bouncesAndDeliveriesReachTheSubscriberSignedAndComplaintsWithoutATopicDoNot() throws Exception {
        String account = "930000000001";
        String topic = "arn:aws:sns:us-east-1:" + account + ":ses-feedback";
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> headerTypes = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            // The first call fails: the notification must be retried.
            int status = calls.incrementAndGet() == 1 ? 500 : 200;
            if (status == 200) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                headerTypes.add(exchange.getRequestHeaders().getFirst("x-amz-sns-message-type"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        hook.start();
        try {
            given().contentType("application/json").header("Authorization", InternalCalls.operator("events")).body(Map.of("topicArn", topic, "protocol", "http",
                    "endpoint", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook")).post("/internal/admin/subscriptions")
                    .then().statusCode(201);
            given().contentType("application/json").header("Authorization", InternalCalls.operator("events")).body(Map.of("topicArn", topic, "protocol", "kafka",
                    "endpoint", "analytics.ses-feedback")).post("/internal/admin/subscriptions").then().statusCode(201);
            given().contentType("application/json").header("Authorization", InternalCalls.operator("events")).body(Map.of("topicArn", "not-an-arn", "protocol", "http",
                    "endpoint", "http://x")).post("/internal/admin/subscriptions").then().statusCode(400);
            publish("sesame.identity.events", account, "IdentityNotificationTopicSet", "notify.example.com",
                    "{\"identity\":\"notify.example.com\",\"notificationType\":\"Bounce\",\"snsTopic\":\"" + topic + "\"}");
            publish("sesame.identity.events", account, "IdentityNotificationTopicSet", "notify.example.com",
                    "{\"identity\":\"notify.example.com\",\"notificationType\":\"Delivery\",\"snsTopic\":\"" + topic + "\"}");
            publish("sesame.identity.events", account, "IdentityHeadersInNotificationsSet", "notify.example.com",
                    "{\"identity\":\"notify.example.com\",\"notificationType\":\"Bounce\",\"enabled\":true}");
            eventually("the settings are known", () -> settings.of(account, "notify.example.com")
                    .map(s -> s.headers("Bounce") && s.topic("Delivery").isPresent()).orElse(false));

            publish("sesame.sending.events", account, "Bounce", "m-1", record(account, "Bounce", "\"bounce\":{\"bounceType\":\"Permanent\","
                    + "\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"x@y.example\"}]}"));
            publish("sesame.sending.events", account, "Complaint", "m-1", record(account, "Complaint",
                    "\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":\"x@y.example\"}]}"));
            publish("sesame.sending.events", account, "Delivery", "m-1", record(account, "Delivery",
                    "\"delivery\":{\"recipients\":[\"x@y.example\"],\"smtpResponse\":\"250 ok\"}"));
            eventually("two notifications", () -> bodies.size() == 2);
            Thread.sleep(500);
            assertEquals(2, bodies.size(), "no topic for complaints: no notification");
            assertEquals(List.of("Notification", "Notification"), headerTypes);

            JsonNode bounceEnvelope = bodies.stream().map(NotificationsTest::tree)
                    .filter(e -> e.path("Message").asText().contains("\"Bounce\"")).findFirst().orElseThrow();
            assertEquals("Notification", bounceEnvelope.path("Type").asText());
            assertEquals(topic, bounceEnvelope.path("TopicArn").asText());
            assertTrue(verifies(bounceEnvelope), "the signature verifies with the published certificate");
            JsonNode bounce = JSON.readTree(bounceEnvelope.path("Message").asText());
            assertEquals("Bounce", bounce.path("notificationType").asText());
            assertEquals("Permanent", bounce.at("/bounce/bounceType").asText());
            assertEquals("hi", bounce.at("/mail/commonHeaders/subject").asText(), "headers enabled for bounces");
            assertTrue(bounce.at("/mail/tags").isMissingNode(), "notifications carry no tags");

            List<String> onKafka = kafkaMessages("analytics.ses-feedback", 2);
            assertEquals(2, onKafka.size(), "the Kafka subscriber gets the same notifications");
            assertTrue(verifies(tree(onKafka.get(0))));

            JsonNode delivery = bodies.stream().map(NotificationsTest::tree).map(e -> tree(e.path("Message").asText()))
                    .filter(m -> m.path("notificationType").asText().equals("Delivery")).findFirst().orElseThrow();
            assertFalse(delivery.path("mail").has("headers"), "headers not enabled for deliveries");
        } finally {
            hook.stop(0);
        }
    }

    /** SES developer guide, "Contents of event data that Amazon SES publishes to Amazon SNS": the record is the Message. */
    @Test
    void recordsMatchingAnSnsEventDestinationArePublishedToItsTopic() throws Exception {
        String account = "930000000002";
        String topic = "arn:aws:sns:us-east-1:" + account + ":ses-events";
        List<JsonNode> envelopes = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/events", exchange -> {
            envelopes.add(tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try {
            given().contentType("application/json").header("Authorization", InternalCalls.operator("events")).body(Map.of("topicArn", topic,
                    "protocol", "http", "endpoint", "http://127.0.0.1:" + hook.getAddress().getPort() + "/events"))
                    .post("/internal/admin/subscriptions").then().statusCode(201);
            ConfigurationSetActionsTest.call(account, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "news"))).statusCode(200);
            ConfigurationSetActionsTest.call(account, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "news",
                    "EventDestination", Map.of("Name", "to-sns", "Enabled", true, "MatchingEventTypes", List.of("bounce", "renderingFailure"),
                            "SNSDestination", Map.of("TopicARN", topic)))).statusCode(200);
            String inSet = "\"ses:configuration-set\":[\"news\"]";
            publish("sesame.sending.events", account, "Delivery", "m-2", record(account, "Delivery",
                    "\"delivery\":{\"recipients\":[\"x@y.example\"]}").replace("\"t\":[\"v\"]", inSet));
            publish("sesame.sending.events", account, "Bounce", "m-1", record(account, "Bounce", "\"bounce\":{\"bounceType\":\"Permanent\","
                    + "\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"x@y.example\"}]}").replace("\"t\":[\"v\"]", inSet));
            publish("sesame.sending.events", account, "Rendering Failure", "m-3", record(account, "Rendering Failure",
                    "\"failure\":{\"templateName\":\"t\",\"errorMessage\":\"x\"}").replace("\"t\":[\"v\"]", inSet));
            publish("sesame.sending.events", account, "Bounce", "m-4", record(account, "Bounce", "\"bounce\":{\"bounceType\":\"Permanent\","
                    + "\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"x@y.example\"}]}"));
            eventually("the bounce and the rendering failure", () -> envelopes.size() == 2);
            Thread.sleep(500);
            assertEquals(2, envelopes.size(), "a delivery does not match, a bounce outside the set has no destination");
            JsonNode bounce = envelopes.stream().filter(e -> e.path("Message").asText().contains("\"m-1\"")).findFirst().orElseThrow();
            assertEquals("Amazon SES Email Event Notification", bounce.path("Subject").asText());
            assertEquals(topic, bounce.path("TopicArn").asText());
            JsonNode message = tree(bounce.path("Message").asText());
            assertEquals("Bounce", message.path("eventType").asText(), "the event record itself, not an identity notification");
            assertEquals("news", message.at("/mail/tags/ses:configuration-set/0").asText());
            assertTrue(verifies(bounce));
        } finally {
            hook.stop(0);
        }
    }

    private static List<String> kafkaMessages(String topic, int count) throws InterruptedException {
        List<String> messages = new java.util.ArrayList<>();
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        props.put("group.id", "test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(20);
            while (messages.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(r -> messages.add(r.value()));
            }
        }
        return messages;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** SNS signature version 1, verified as a subscriber does: the certificate from SigningCertURL, SHA1withRSA. */
    private static boolean verifies(JsonNode envelope) throws Exception {
        URI certUrl = URI.create(envelope.path("SigningCertURL").asText());
        String pem = given().get(certUrl.getPath()).then().statusCode(200).extract().asString();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        String toSign = "Message\n" + envelope.path("Message").asText() + "\nMessageId\n" + envelope.path("MessageId").asText()
                + (envelope.has("Subject") ? "\nSubject\n" + envelope.path("Subject").asText() : "")
                + "\nTimestamp\n" + envelope.path("Timestamp").asText() + "\nTopicArn\n" + envelope.path("TopicArn").asText()
                + "\nType\n" + envelope.path("Type").asText() + "\n";
        Signature rsa = Signature.getInstance("SHA1withRSA");
        rsa.initVerify(certificate.getPublicKey());
        rsa.update(toSign.getBytes(StandardCharsets.UTF_8));
        return rsa.verify(Base64.getDecoder().decode(envelope.path("Signature").asText()));
    }
}

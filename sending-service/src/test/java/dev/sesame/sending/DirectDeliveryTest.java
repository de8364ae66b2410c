package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.eventually;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.SesameInfraResource;
import dev.sesame.testing.TestDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Without a relay: mail goes to the recipient domain's MX, found with a real DNS query; and redelivery never sends twice. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(DirectDeliveryTest.DirectRoutes.class)
class DirectDeliveryTest {

    /** No relay: the DNS server the test controls, and the sink as every domain's mail server. */
    public static class DirectRoutes implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("sesame.sending.resolver", TestDnsServer.shared().address(),
                    "sesame.sending.mx-port", String.valueOf(ProgrammableSmtpSink.shared().port()),
                    "sesame.sending.retry-backoff", "PT0.5S", "sesame.sending.retry-for", "PT3S");
        }

        @Override
        public void stop() {
            // shared by the JVM
        }
    }

    @Inject
    SenderIdentities identities;

    private final ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();

    @Test
    void mailGoesToTheRecipientDomainsMxAndADomainWithoutMailServerBounces() {
        String a = "700000000001";
        verified(identities, a, "direct.example.com");
        TestDnsServer.shared().mx("mx-routed.example", 10, "localhost");
        String id = call(a, "SendEmail", email("me@direct.example.com", List.of("someone@mx-routed.example", "x@nowhere.invalid"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        List<JsonNode> records = events(id, e -> count(e, "Delivery") == 1 && count(e, "Bounce") == 1);
        assertEquals(1, sink.to("someone@mx-routed.example").size());
        JsonNode bounce = records.stream().filter(e -> e.path("eventType").asText().equals("Bounce")).findFirst().orElseThrow();
        assertEquals("x@nowhere.invalid", bounce.at("/bounce/bouncedRecipients/0/emailAddress").asText());
        assertEquals("Permanent", bounce.at("/bounce/bounceType").asText());
    }

    @Test
    void aRedeliveredMessageDoesNotReachRecipientsTwice() throws Exception {
        String a = "700000000002";
        verified(identities, a, "once.example.com");
        TestDnsServer.shared().mx("once-rcpt.example", 10, "localhost");
        String id = call(a, "SendEmail", email("me@once.example.com", List.of("reader@once-rcpt.example"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Delivery") == 1);
        // A worker that crashed after delivering but before committing its offset sees the message again.
        EventEnvelope accepted = acceptedMessage(id);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<String, EventEnvelope> producer = new KafkaProducer<>(props, new StringSerializer(), new EventCodec())) {
            producer.send(new ProducerRecord<>(Topics.MESSAGES, id, accepted)).get();
        }
        Thread.sleep(1500);
        assertEquals(1, sink.to("reader@once-rcpt.example").size(), "delivered once");
        assertEquals(1, count(SendingFixtures.readEvents(id), "Delivery"));
    }

    /** SES's limit is 10 MB of the base64 RawMessage.Data: just under it is delivered, just over it is refused. */
    @Test
    void aRawMessageJustUnderTenMegabytesIsDeliveredAndJustOverIsRejected() {
        String a = "700000000003";
        verified(identities, a, "big.example.com");
        TestDnsServer.shared().mx("big-rcpt.example", 10, "localhost");
        call(a, "SendRawEmail", Map.of("RawMessage", Map.of("Data", bigRaw(7_700_000)))).statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("MessageRejected"));
        String data = bigRaw(7_400_000);
        assertTrue(data.length() > 9_800_000 && data.length() < 10 * 1024 * 1024, "between 9.8 MB and 10 MB: " + data.length());
        String id = call(a, "SendRawEmail", Map.of("RawMessage", Map.of("Data", data))).statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Delivery") == 1);
        assertTrue(sink.to("big@big-rcpt.example").get(0).data().length > 7_000_000);
    }

    /** The base64 RawMessage.Data of a message with {@code size} bytes of base64 body. */
    private static String bigRaw(int size) {
        byte[] payload = new byte[size / 4 * 3];
        new java.util.Random(1).nextBytes(payload);
        String raw = "From: me@big.example.com\r\nTo: big@big-rcpt.example\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(payload) + "\r\n";
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    private static EventEnvelope acceptedMessage(String messageId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new EventCodec())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MESSAGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (int i = 0; i < 50; i++) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (messageId.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no MessageAccepted for " + messageId);
    }
}

package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.testing.KafkaBroker;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the sending tests share: identity facts published on the identity topic exactly as the identity service
 * writes them, calls of the internal API with a tenant's quotas, and reading the sending stream.
 */
final class SendingFixtures {

    private static EventLog identityLog;

    private SendingFixtures() {
    }

    static synchronized EventLog identityLog() {
        if (identityLog == null) {
            identityLog = new EventLog(KafkaBroker.shared().bootstrapServers(), "test-identity-service");
        }
        return identityLog;
    }

    /** Publishes an identity event, as the identity service would. */
    static void identityEvent(String account, String type, String identity, Map<String, Object> payload) {
        try {
            identityLog().append(Topics.IDENTITY, account,
                    EventEnvelope.of(type, 1, account, identity, null, EventCodec.JSON.valueToTree(payload))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verified identity of {@code account}, once the sending service has seen it. */
    static void verified(SenderIdentities identities, String account, String identity) {
        identityEvent(account, "IdentityVerificationRequested", identity,
                Map.of("identity", identity, "identityType", identity.contains("@") ? "EmailAddress" : "Domain"));
        identityEvent(account, "IdentityVerificationStatusChanged", identity,
                Map.of("identity", identity, "status", "Success", "reason", "operator"));
        eventually("the sending service sees " + identity, () -> identities.verifiedFor(account, identity.contains("@")
                ? identity : "x@" + identity).isPresent());
    }

    static ValidatableResponse call(String account, boolean sandbox, double max24, double rate, String action, Object body) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", InternalCalls.tenant("sending", account, "us-east-1", sandbox, max24, rate))
                .body(body).post("/internal/ses/" + action).then();
    }

    /** A production tenant with room to send. */
    static ValidatableResponse call(String account, String action, Object body) {
        return call(account, false, 10_000, 1_000, action, body);
    }

    static Map<String, Object> email(String source, List<String> to, String subject, String text) {
        return Map.of("Source", source, "Destination", Map.of("ToAddresses", to),
                "Message", Map.of("Subject", Map.of("Data", subject), "Body", Map.of("Text", Map.of("Data", text))));
    }

    /** The records of the sending stream about one message, waiting until {@code complete} holds for them. */
    static List<JsonNode> events(String messageId, Predicate<List<JsonNode>> complete) {
        List<JsonNode> found = new ArrayList<>();
        eventually("the events of " + messageId, () -> {
            found.clear();
            found.addAll(readEvents(messageId));
            return complete.test(found);
        });
        return found;
    }

    static List<JsonNode> readEvents(String messageId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new EventCodec())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SENDING).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<JsonNode> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (messageId.equals(r.value().aggregateId())) {
                        records.add(r.value().payload());
                    }
                });
            }
            return records;
        }
    }

    static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("eventType").asText().equals(type)).count();
    }

    static void eventually(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(what + " did not happen within 20 s");
    }
}

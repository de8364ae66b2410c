package dev.sesame.identity;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.testing.InternalCalls;
import static dev.sesame.identity.IdentityAttributesTest.call;
import static dev.sesame.identity.IdentityAttributesTest.params;
import static dev.sesame.identity.IdentityAttributesTest.verified;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.SesameInfraResource;
import dev.sesame.testing.TestDnsResource;
import dev.sesame.testing.TestDnsServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Every event the service writes is documented in docs/events/identity/, and matches its schema's fields. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(TestDnsResource.class)
class EventSchemasTest {

    static final Path SCHEMAS = Path.of("../docs/events/identity");

    @Test
    void everyEventTypeMatchesItsDocumentedSchema() throws Exception {
        String a = "400000000001";
        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "s@schema.example.com")).statusCode(200);
        verified(a, "schema.example.com");
        String topic = "arn:aws:sns:us-east-1:" + a + ":t";
        call(a, "SetIdentityNotificationTopic", params("Identity", "schema.example.com", "NotificationType", "Bounce", "SnsTopic", topic));
        call(a, "SetIdentityNotificationTopic", params("Identity", "schema.example.com", "NotificationType", "Complaint", "SnsTopic", topic));
        call(a, "SetIdentityFeedbackForwardingEnabled", params("Identity", "schema.example.com", "ForwardingEnabled", false)).statusCode(200);
        call(a, "SetIdentityHeadersInNotificationsEnabled", params("Identity", "schema.example.com", "NotificationType", "Bounce",
                "Enabled", true)).statusCode(200);
        call(a, "SetIdentityMailFromDomain", params("Identity", "schema.example.com", "MailFromDomain", "m.schema.example.com")).statusCode(200);
        List<String> tokens = call(a, "VerifyDomainDkim", Map.of("Domain", "schema.example.com")).extract().path("DkimTokens");
        call(a, "SetIdentityDkimEnabled", params("Identity", "schema.example.com", "DkimEnabled", true)).statusCode(200);
        call(a, "PutIdentityPolicy", params("Identity", "schema.example.com", "PolicyName", "p",
                "Policy", String.format(IdentityAttributesTest.POLICY, a, "schema.example.com"))).statusCode(200);
        call(a, "DeleteIdentityPolicy", params("Identity", "schema.example.com", "PolicyName", "p")).statusCode(200);
        TestDnsServer dns = TestDnsServer.shared();
        tokens.forEach(t -> dns.cname(t + "._domainkey.schema.example.com", t + ".dkim.sesame.test"));
        dns.mx("m.schema.example.com", 10, "feedback-smtp.sesame.test");
        given().contentType("application/json").header("Authorization", InternalCalls.operator("identity")).post("/internal/admin/dns-checks").then().statusCode(200);
        call(a, "DeleteIdentity", Map.of("Identity", "s@schema.example.com")).statusCode(200);

        Set<String> seen = new TreeSet<>();
        for (EventEnvelope event : allEvents()) {
            Path schemaFile = SCHEMAS.resolve(event.type() + ".schema.json");
            assertTrue(Files.exists(schemaFile), "no schema documents " + event.type());
            JsonNode schema = new ObjectMapper().readTree(schemaFile.toFile());
            Set<String> fields = new HashSet<>();
            event.payload().fieldNames().forEachRemaining(fields::add);
            Set<String> documented = new HashSet<>();
            schema.get("properties").fieldNames().forEachRemaining(documented::add);
            assertTrue(documented.containsAll(fields), event.type() + " has undocumented fields: " + fields);
            for (JsonNode required : schema.get("required")) {
                assertTrue(event.payload().has(required.asText()), event.type() + " lacks required " + required.asText());
            }
            seen.add(event.type());
        }
        Set<String> all = new TreeSet<>();
        for (EventType type : EventType.values()) {
            if (Topics.IDENTITY.equals(type.topic())) {
                all.add(type.wireName());
            }
        }
        assertEquals(all, seen, "this scenario writes every event type the service has");
        try (var files = Files.list(SCHEMAS)) {
            assertEquals(all.size(), files.count(), "a schema for every type, and none for types that do not exist");
        }
    }

    private static List<EventEnvelope> allEvents() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new EventCodec())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IDENTITY).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<EventEnvelope> events = new java.util.ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, EventEnvelope> r) -> events.add(r.value()));
            }
            return events;
        }
    }
}

package dev.sesame.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Events are stored compressed: a send's records repeat the same JSON (mail object, header names, ARNs), and the
 * broker's log of them takes a fraction of their encoded size, while consumers read them back unchanged.
 */
class CompressedBatchesTest {

    @Test
    void theLogTakesAFractionOfTheEncodedEventsAndReadsThemBackWhole() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topic = "sesame.test.compressed";
        int calls = 400;
        long encoded = 0;
        EventCodec codec = new EventCodec();
        try (EventLog log = new EventLog(bootstrap, "compressed-test", "compressed-test-1")) {
            log.ensureTopics(List.of(topic), 3);
            List<CompletableFuture<List<RecordMetadata>>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                EventEnvelope event = EventEnvelope.of("Tested", 1, "000000000001", "message-" + i, null, mail(i));
                encoded += codec.serialize(topic, event).length;
                answers.add(log.appendAtomically(List.of(new EventLog.Append(topic, "message-" + i, event))));
            }
            for (CompletableFuture<List<RecordMetadata>> answer : answers) {
                answer.get(60, TimeUnit.SECONDS);
            }
        }
        long stored;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            stored = admin.describeLogDirs(List.of(admin.describeCluster().controller().get().id())).allDescriptions().get().values().stream()
                    .flatMap(dir -> dir.values().stream())
                    .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                    .filter(replica -> replica.getKey().topic().equals(topic))
                    .mapToLong(replica -> replica.getValue().size())
                    .sum();
        }
        assertTrue(stored > 0 && stored < encoded / 3, "the log holds " + stored + " bytes of " + encoded + " encoded");

        try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new EventCodec())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, EventEnvelope> read = new java.util.HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < calls && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.put(r.key(), r.value()));
            }
            assertEquals(calls, read.size());
            assertEquals(mail(7), read.get("message-7").payload());
        }
    }

    /** A mail object as a send's event records carry it. */
    private static ObjectNode mail(int i) {
        ObjectNode mail = JsonNodeFactory.instance.objectNode();
        mail.put("messageId", String.format("010001a2528cf87c-49e4c223-1712-4bf5-8627-%012d-000000", i))
                .put("source", "sender@example.com").put("sourceArn", "arn:aws:ses:us-east-1:000000000001:identity/example.com")
                .put("sendingAccountId", "000000000001");
        mail.putArray("destination").add("recipient-" + i + "@example.com");
        var headers = mail.putArray("headers");
        for (String name : List.of("Date", "From", "To", "Message-ID", "Subject", "MIME-Version", "Content-Type", "Content-Transfer-Encoding")) {
            headers.addObject().put("name", name).put("value", name.equals("Message-ID") ? "<message-" + i + "@email.example.com>"
                    : "a header value of " + name + " that is the same in every message of this test");
        }
        mail.putObject("commonHeaders").put("subject", "a subject").putArray("to").add("recipient-" + i + "@example.com");
        return mail;
    }
}

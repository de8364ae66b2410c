package dev.sesame.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sesame.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Many concurrent atomic appends (committed together in group transactions) each get their own events, all durable. */
class AtomicAppendsTest {

    @Test
    void concurrentCallsAreCommittedAndEachAnswersWithItsOwnEvents() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        int calls = 300;
        try (EventLog log = new EventLog(bootstrap, "atomic-test", "atomic-test-1")) {
            log.ensureTopics(List.of("sesame.test.atomic-a", "sesame.test.atomic-b"), 3);
            List<CompletableFuture<List<RecordMetadata>>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                EventEnvelope event = EventEnvelope.of("Tested", 1, "000000000001", "call-" + i, null, JsonNodeFactory.instance.objectNode().put("i", i));
                answers.add(log.appendAtomically(List.of(new EventLog.Append("sesame.test.atomic-a", "call-" + i, event),
                        new EventLog.Append("sesame.test.atomic-b", "call-" + i, event))));
            }
            for (CompletableFuture<List<RecordMetadata>> answer : answers) {
                List<RecordMetadata> metadata = answer.get(60, TimeUnit.SECONDS);
                assertEquals(List.of("sesame.test.atomic-a", "sesame.test.atomic-b"), metadata.stream().map(RecordMetadata::topic).toList());
            }
        }
        for (String topic : List.of("sesame.test.atomic-a", "sesame.test.atomic-b")) {
            try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new EventCodec())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Set<String> keys = new HashSet<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (keys.size() < calls && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                }
                assertEquals(calls, keys.size(), topic + ": every call's event is committed");
            }
        }
    }

    @Test
    void unorderedEventsOfATransactionShareOnePartitionAndTransactionsTakeTurns() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topic = "sesame.test.unordered";
        try (EventLog log = new EventLog(bootstrap, "unordered-test", "unordered-test-1")) {
            log.ensureTopics(List.of(topic), 3);
            Set<Integer> used = new HashSet<>();
            for (int call = 0; call < 6; call++) {
                List<EventLog.Append> appends = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String key = "message-" + call + "-" + i;
                    appends.add(EventLog.Append.unordered(topic, key, EventEnvelope.of("Tested", 1, "000000000001", key, null,
                            JsonNodeFactory.instance.objectNode())));
                }
                // One call at a time: each is its own transaction.
                List<RecordMetadata> metadata = log.appendAtomically(appends).get(60, TimeUnit.SECONDS);
                Set<Integer> partitions = new HashSet<>(metadata.stream().map(RecordMetadata::partition).toList());
                assertEquals(1, partitions.size(), "ten keys, one partition: " + partitions);
                used.addAll(partitions);
            }
            assertEquals(Set.of(0, 1, 2), used, "successive transactions use every partition");
        }
    }

    /**
     * A caller that answers someone must tell the truth: a call no transaction took within its patience (here the one
     * transaction thread is held by an event of a topic that does not exist, whose metadata it waits for) is withdrawn,
     * completes with {@link EventLog.NotAppended}, and is never written, although the log commits what comes after.
     */
    @Test
    void aCallNoTransactionTookWithinItsPatienceIsWithdrawnAndNeverWritten() throws Exception {
        String topic = "sesame.test.withdrawn";
        try (KafkaBroker broker = KafkaBroker.start(Map.of("auto.create.topics.enable", "false"));
             EventLog log = new EventLog(broker.bootstrapServers(), "withdrawal-test", "withdrawal-test-1")) {
            log.ensureTopics(List.of(topic), 1);
            CompletableFuture<List<RecordMetadata>> stuck = log.appendAtomically(List.of(EventLog.Append.unordered("sesame.test.absent", "k",
                    event("stuck"))));
            Thread.sleep(500); // the transaction thread has taken it
            CompletableFuture<List<RecordMetadata>> late = log.appendAtomically(List.of(new EventLog.Append(topic, "k", event("late"))),
                    Duration.ofSeconds(1));
            java.util.concurrent.ExecutionException withdrawn = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
            org.junit.jupiter.api.Assertions.assertInstanceOf(EventLog.NotAppended.class, withdrawn.getCause());
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> stuck.get(30, TimeUnit.SECONDS));
            log.appendAtomically(List.of(new EventLog.Append(topic, "k", event("after")))).get(30, TimeUnit.SECONDS);

            try (KafkaConsumer<String, EventEnvelope> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new EventCodec())) {
                List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                List<String> types = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> types.add(r.value().type()));
                }
                assertEquals(List.of("after"), types, "the withdrawn call's event is not in the log");
            }
        }
    }

    /**
     * Found by profiling the wrk benchmark: each call's withdrawal timer held the call (its encoded events) until its
     * patience ran out, long after a transaction had committed it, so a busy log kept seconds of traffic on the heap.
     */
    @Test
    void aCommittedCallLeavesNoTimerBehind() throws Exception {
        try (EventLog log = new EventLog(KafkaBroker.shared().bootstrapServers(), "atomic-test", "atomic-test-timers")) {
            log.ensureTopics(List.of("sesame.test.atomic-timers"), 1);
            List<CompletableFuture<List<RecordMetadata>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(log.appendAtomically(List.of(new EventLog.Append("sesame.test.atomic-timers", "k" + i, event("Timed"))),
                        Duration.ofMinutes(10)));
            }
            for (CompletableFuture<List<RecordMetadata>> answer : answers) {
                answer.get(60, TimeUnit.SECONDS);
            }
            assertEquals(0, EventLog.waitingWithdrawals(), "the committed calls' timers are cancelled and gone");
        }
    }

    /**
     * Consecutive transactions go to two transactional producers in turn, so one never waits for the markers of the
     * one before; a key's events stay in the order they were committed.
     */
    @Test
    void transactionsTakeTurnsOnTwoProducersAndAKeyKeepsItsOrder() throws Exception {
        String topic = "sesame.test.lanes";
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (EventLog log = new EventLog(bootstrap, "lanes-test", "lanes-test-1");
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            log.ensureTopics(List.of(topic), 1);
            for (int i = 0; i < 20; i++) {
                log.appendAtomically(List.of(new EventLog.Append(topic, "one-key", EventEnvelope.of("Tested", 1, "000000000001", "n" + i, null,
                        JsonNodeFactory.instance.objectNode().put("i", i))))).get(60, TimeUnit.SECONDS);
            }
            Set<String> ids = new HashSet<>();
            admin.listTransactions().all().get(30, TimeUnit.SECONDS).forEach(t -> ids.add(t.transactionalId()));
            assertEquals(true, ids.containsAll(Set.of("lanes-test-1", "lanes-test-1-2")), "both producers committed: " + ids);
            List<Integer> order = KafkaBroker.shared().readAll(topic, new EventCodec()).stream().map(r -> r.value().payload().path("i").asInt()).toList();
            assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), order);
        }
    }

    private static EventEnvelope event(String type) {
        return EventEnvelope.of(type, 1, "000000000001", "k", null, JsonNodeFactory.instance.objectNode());
    }
}

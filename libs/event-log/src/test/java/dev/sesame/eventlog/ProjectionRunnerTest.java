package dev.sesame.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sesame.testing.KafkaBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real broker: appends are durable, a projection sees its own write, and a rebuild gives the same state. */
class ProjectionRunnerTest {

    private static final String TOPIC = "sesame.test.events";
    private static EventLog log;

    /** Counts events per aggregate and keeps its position with its state, as a real projection must. */
    static class CountingProjection implements Projection {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final Map<TopicPartition, Long> positions = new HashMap<>();
        final String topic;
        int applied;
        int batches;

        CountingProjection() {
            this(TOPIC);
        }

        CountingProjection(String topic) {
            this.topic = topic;
        }

        @Override
        public List<String> topics() {
            return List.of(topic);
        }

        @Override
        public synchronized Map<TopicPartition, Long> positions() {
            return new HashMap<>(positions);
        }

        @Override
        public synchronized void apply(List<ConsumerRecord<String, EventEnvelope>> batch) {
            for (ConsumerRecord<String, EventEnvelope> record : batch) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < positions.getOrDefault(partition, 0L)) {
                    continue;
                }
                counts.merge(record.value().aggregateId(), 1, Integer::sum);
                positions.put(partition, record.offset() + 1);
                applied++;
            }
            batches++;
        }

        @Override
        public synchronized void reset() {
            counts.clear();
            positions.clear();
        }
    }

    @BeforeAll
    static void startBroker() {
        log = new EventLog(KafkaBroker.shared().bootstrapServers(), "test");
        log.ensureTopics(List.of(TOPIC), 3);
    }

    @AfterAll
    static void closeLog() {
        log.close();
    }

    private RecordMetadata append(String aggregate) throws Exception {
        EventEnvelope event = EventEnvelope.of("ThingHappened", 1, "123456789012", aggregate, "req",
                JsonNodeFactory.instance.objectNode().put("n", 1));
        return log.append(TOPIC, aggregate, event).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aProjectionSeesItsOwnWriteAndARebuildReachesTheSameState() throws Exception {
        CountingProjection projection = new CountingProjection();
        try (ProjectionRunner runner = new ProjectionRunner("counting", projection, KafkaBroker.shared().bootstrapServers())) {
            runner.start();
            List<RecordMetadata> appended = new ArrayList<>();
            for (String aggregate : List.of("a", "b", "a", "c", "a")) {
                appended.add(append(aggregate));
            }
            RecordMetadata last = appended.get(appended.size() - 1);
            runner.awaitApplied(new TopicPartition(last.topic(), last.partition()), last.offset()).get(10, TimeUnit.SECONDS);
            for (RecordMetadata m : appended) {
                runner.awaitApplied(new TopicPartition(m.topic(), m.partition()), m.offset()).get(10, TimeUnit.SECONDS);
            }
            Map<String, Integer> live;
            synchronized (projection) {
                live = new LinkedHashMap<>(projection.counts);
            }
            assertEquals(3, live.get("a"));
            assertEquals(1, live.get("b"));

            runner.rebuild().get(10, TimeUnit.SECONDS);
            synchronized (projection) {
                assertEquals(live, projection.counts);
            }
        }
    }

    /**
     * A projection of a busy stream that nobody waits on reads fuller fetches: a trickle of events (one every two
     * milliseconds) reaches it in a few batches, where an eager projection of the same topic gets one per fetch's
     * round trip.
     */
    @Test
    void aBatchedProjectionReadsATrickleInFewerFullerBatches() throws Exception {
        String topic = "sesame.test.batched";
        log.ensureTopics(List.of(topic), 1);
        CountingProjection eager = new CountingProjection(topic);
        CountingProjection batched = new CountingProjection(topic) {
            @Override
            public boolean batched() {
                return true;
            }
        };
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (ProjectionRunner eagerRunner = new ProjectionRunner("eager", eager, bootstrap);
             ProjectionRunner batchedRunner = new ProjectionRunner("batched", batched, bootstrap)) {
            eagerRunner.start();
            batchedRunner.start();
            List<CompletableFuture<RecordMetadata>> appends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                appends.add(log.append(topic, "k", EventEnvelope.of("ThingHappened", 1, "123456789012", "trickle", "req",
                        JsonNodeFactory.instance.objectNode().put("n", i))));
                Thread.sleep(2);
            }
            RecordMetadata last = null;
            for (CompletableFuture<RecordMetadata> append : appends) {
                last = append.get(10, TimeUnit.SECONDS);
            }
            TopicPartition partition = new TopicPartition(topic, last.partition());
            eagerRunner.awaitApplied(partition, last.offset()).get(10, TimeUnit.SECONDS);
            batchedRunner.awaitApplied(partition, last.offset()).get(10, TimeUnit.SECONDS);
            synchronized (eager) {
                synchronized (batched) {
                    assertEquals(200, batched.applied);
                    assertTrue(batched.batches * 2 < eager.batches,
                            "batched: " + batched.batches + " batches, eager: " + eager.batches);
                }
            }
        }
    }

    @Test
    void aRestartedRunnerContinuesFromTheStoredPositionWithoutApplyingTwice() throws Exception {
        CountingProjection projection = new CountingProjection();
        RecordMetadata first;
        try (ProjectionRunner runner = new ProjectionRunner("restart", projection, KafkaBroker.shared().bootstrapServers())) {
            runner.start();
            first = append("restart-x");
            runner.awaitApplied(new TopicPartition(first.topic(), first.partition()), first.offset()).get(10, TimeUnit.SECONDS);
        }
        int appliedBefore = projection.applied;
        try (ProjectionRunner again = new ProjectionRunner("restart", projection, KafkaBroker.shared().bootstrapServers())) {
            again.start();
            RecordMetadata second = append("restart-x");
            again.awaitApplied(new TopicPartition(second.topic(), second.partition()), second.offset()).get(10, TimeUnit.SECONDS);
        }
        assertEquals(appliedBefore + 1, projection.applied);
        synchronized (projection) {
            assertEquals(2, projection.counts.get("restart-x"));
        }
    }

    /**
     * Transactional appends end with a commit marker: the end offset's predecessor is the marker, never an event.
     * Catching up to the end offsets must still complete (a service waiting for its projection after a restart).
     */
    @Test
    void aRunnerCatchesUpToEndOffsetsThatEndInATransactionMarker() throws Exception {
        String topic = "sesame.test.transactional";
        log.ensureTopics(List.of(topic), 1);
        try (EventLog transactional = new EventLog(KafkaBroker.shared().bootstrapServers(), "test-tx", "test-catch-up")) {
            EventEnvelope event = EventEnvelope.of("ThingHappened", 1, "123456789012", "tx", "req",
                    JsonNodeFactory.instance.objectNode().put("n", 1));
            transactional.appendAtomically(List.of(new EventLog.Append(topic, "tx", event))).get(10, TimeUnit.SECONDS);
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<TopicPartition, Long> ends;
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> probe = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            // The commit marker is written by the transaction coordinator just after the commit returns.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                ends = probe.endOffsets(List.of(partition));
            } while (ends.get(partition) < 2 && System.nanoTime() < deadline);
        }
        assertEquals(2L, ends.get(partition), "one event and its transaction's commit marker");
        CountingProjection projection = new CountingProjection(topic);
        try (ProjectionRunner runner = new ProjectionRunner("catch-up", projection, KafkaBroker.shared().bootstrapServers())) {
            runner.start();
            runner.awaitCaughtUp(ends).get(10, TimeUnit.SECONDS);
            assertEquals(1, projection.applied);
            org.junit.jupiter.api.Assertions.assertFalse(runner.awaitApplied(partition, ends.get(partition) - 1).isDone(),
                    "no event is at the marker's offset: waiting for one there would never end");
        }
    }

    /** Events a projection does not want are not applied, and still count for its position and its waiters. */
    @Test
    void anUnwantedEventIsSkippedAndItsPositionCounts() throws Exception {
        String topic = "sesame.test.wanted";
        log.ensureTopics(List.of(topic), 1);
        List<String> applied = new ArrayList<>();
        InMemoryProjection projection = new InMemoryProjection(topic) {
            @Override
            public boolean wants(EventEnvelope envelope) {
                return envelope.type().equals("Wanted");
            }

            @Override
            protected void apply(EventEnvelope event) {
                applied.add(event.aggregateId() + ":" + event.payload().path("n").asInt());
            }

            @Override
            protected void clear() {
                applied.clear();
            }
        };
        RecordMetadata last = null;
        List<String> types = List.of("Wanted", "Unwanted", "Wanted", "Unwanted");
        for (int i = 0; i < types.size(); i++) {
            EventEnvelope event = EventEnvelope.of(types.get(i), 1, "123456789012", types.get(i).toLowerCase(), "req",
                    JsonNodeFactory.instance.objectNode().put("n", i));
            last = log.append(topic, "k", event).get(10, TimeUnit.SECONDS);
        }
        try (ProjectionRunner runner = new ProjectionRunner("wanted", projection, KafkaBroker.shared().bootstrapServers())) {
            runner.start();
            runner.awaitApplied(new TopicPartition(topic, 0), last.offset()).get(10, TimeUnit.SECONDS);
            synchronized (projection) {
                assertEquals(List.of("wanted:0", "wanted:2"), applied);
                assertEquals(Map.of(new TopicPartition(topic, 0), last.offset() + 1), projection.positions());
            }
        }
    }

    /** A projection that needs only recent history starts its rebuild at the first event within it. */
    @Test
    void aRebuildStartsAtTheProjectionsHistory() throws Exception {
        String topic = "sesame.test.history";
        log.ensureTopics(List.of(topic), 1);
        long now = System.currentTimeMillis();
        try (org.apache.kafka.clients.producer.KafkaProducer<String, EventEnvelope> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                new EventCodec())) {
            for (long age : new long[] {3, 2, 2, 0, 0}) {
                EventEnvelope event = EventEnvelope.of("ThingHappened", 1, "123456789012", age == 0 ? "recent" : "old", "req",
                        JsonNodeFactory.instance.objectNode().put("n", 1));
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, now - age * 86_400_000L, "k", event))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        CountingProjection recent = new CountingProjection(topic) {
            @Override
            public java.util.Optional<java.time.Duration> history() {
                return java.util.Optional.of(java.time.Duration.ofDays(1));
            }
        };
        try (ProjectionRunner runner = new ProjectionRunner("history", recent, KafkaBroker.shared().bootstrapServers())) {
            runner.start();
            runner.awaitCaughtUp(Map.of(new TopicPartition(topic, 0), 5L)).get(10, TimeUnit.SECONDS);
            synchronized (recent) {
                assertEquals(Map.of("recent", 2), recent.counts, "only the events of the last day");
            }
            runner.rebuild().get(10, TimeUnit.SECONDS);
            synchronized (recent) {
                assertEquals(Map.of("recent", 2), recent.counts, "a rebuild too");
            }
        }
    }
}

package dev.sesame.eventlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds a {@link Projection} every event of its topics, in order, on a thread of its own.
 *
 * <p>The same loop serves live consumption and replay: {@link #rebuild} resets the projection and reads the
 * topics again from the beginning. {@link #awaitApplied} lets a command answer only once its own event is
 * visible in the read model (read-your-writes).
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class);

    private final Projection projection;
    private final String bootstrapServers;
    private final String name;
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile boolean running;
    private volatile CompletableFuture<Void> rebuildRequest;
    private Thread thread;
    private KafkaConsumer<String, EventEnvelope> consumer;

    private record Waiter(TopicPartition partition, long offset, CompletableFuture<Void> done) {
    }

    private record CatchUp(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
    }

    private final List<CatchUp> catchUps = new ArrayList<>();

    public ProjectionRunner(String name, Projection projection, String bootstrapServers) {
        this.name = name;
        this.projection = projection;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts consuming from the projection's stored positions; returns at once. */
    public synchronized void start() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-" + name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        if (projection.batched()) {
            EventConsumers.batched(props);
        }
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new EventCodec(projection::wants));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : projection.topics()) {
            for (PartitionInfo info : partitionsOf(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        seekToStoredPositions(partitions);
        running = true;
        thread = new Thread(this::loop, "projection-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A topic created a moment ago may not show its partitions yet: ask again for up to 30 seconds. */
    private List<PartitionInfo> partitionsOf(String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions != null && !partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions; does it exist?");
            }
            pause();
        }
    }

    /** Completes once the event at {@code offset} of {@code partition} has been applied. */
    public CompletableFuture<Void> awaitApplied(TopicPartition partition, long offset) {
        Waiter waiter = new Waiter(partition, offset, new CompletableFuture<>());
        synchronized (waiters) {
            waiters.add(waiter);
        }
        release();
        return waiter.done();
    }

    /**
     * Completes once this runner has read each partition up to its end offset (the next offset to be written, as
     * {@code endOffsets} answers), whether the last offsets hold events or transaction markers. (Waiting for the
     * event at {@code end - 1} would wait for ever when that offset is a transaction's commit marker.)
     */
    public CompletableFuture<Void> awaitCaughtUp(Map<TopicPartition, Long> ends) {
        CatchUp catchUp = new CatchUp(Map.copyOf(ends), new CompletableFuture<>());
        synchronized (catchUps) {
            catchUps.add(catchUp);
        }
        return catchUp.done();
    }

    /**
     * Completes once this runner has read its topics up to the end offsets they have now: what judges other events
     * by this read model (a worker filtering by it, a projection built on it) waits for this before it starts, or it
     * would judge them by a model still being rebuilt.
     */
    public CompletableFuture<Void> awaitCaughtUpNow() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> probe = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : projection.topics()) {
                for (PartitionInfo partition : probe.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            return awaitCaughtUp(probe.endOffsets(partitions));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Drops the projection and replays its topics from the beginning; completes once it has caught up. */
    public CompletableFuture<Void> rebuild() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        // Picked up by the loop within one poll; no wakeup(), which could interrupt the replay itself.
        rebuildRequest = request;
        return request;
    }

    private void loop() {
        while (running) {
            try {
                CompletableFuture<Void> rebuild = rebuildRequest;
                if (rebuild != null) {
                    rebuildRequest = null;
                    replayFromTheBeginning(rebuild);
                }
                ConsumerRecords<String, EventEnvelope> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    List<ConsumerRecord<String, EventEnvelope>> batch = new ArrayList<>(records.count());
                    records.forEach(batch::add);
                    projection.apply(batch);
                    for (TopicPartition partition : records.partitions()) {
                        List<ConsumerRecord<String, EventEnvelope>> of = records.records(partition);
                        applied.put(partition, of.get(of.size() - 1).offset() + 1);
                    }
                    release();
                }
                releaseCaughtUp();
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.errorf(e, "projection %s failed to apply a batch; retrying from its stored position", name);
                seekToStoredPositions(new ArrayList<>(consumer.assignment()));
                pause();
            }
        }
        consumer.close();
    }

    private void replayFromTheBeginning(CompletableFuture<Void> done) {
        projection.reset();
        applied.clear();
        seekToStart(new ArrayList<>(consumer.assignment()));
        awaitCaughtUp(consumer.endOffsets(consumer.assignment())).whenComplete((ok, error) -> done.complete(null));
    }

    /** On the runner's thread, after each poll: the consumer's positions are past markers too. */
    private void releaseCaughtUp() {
        synchronized (catchUps) {
            Iterator<CatchUp> it = catchUps.iterator();
            while (it.hasNext()) {
                CatchUp catchUp = it.next();
                boolean reached = catchUp.ends().entrySet().stream().allMatch(end -> end.getValue() <= 0
                        || (consumer.assignment().contains(end.getKey()) && consumer.position(end.getKey()) >= end.getValue()));
                if (reached) {
                    catchUp.done().complete(null);
                    it.remove();
                }
            }
        }
    }

    private void seekToStoredPositions(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = projection.positions();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next == null) {
                seekToStart(List.of(partition));
                applied.remove(partition);
            } else {
                consumer.seek(partition, next);
                applied.put(partition, next);
            }
        }
    }

    /** Where a projection without positions starts: the beginning, or the first event within its history. */
    private void seekToStart(List<TopicPartition> partitions) {
        Optional<Duration> history = projection.history();
        if (history.isEmpty()) {
            consumer.seekToBeginning(partitions);
            return;
        }
        long since = System.currentTimeMillis() - history.get().toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, since));
        consumer.offsetsForTimes(times).forEach((partition, found) -> {
            if (found == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, found.offset());
            }
        });
    }

    private void release() {
        synchronized (waiters) {
            Iterator<Waiter> it = waiters.iterator();
            while (it.hasNext()) {
                Waiter waiter = it.next();
                if (applied.getOrDefault(waiter.partition(), 0L) > waiter.offset()) {
                    waiter.done().complete(null);
                    it.remove();
                }
            }
        }
    }

    /** The next offset to apply per partition, as this runner has applied them. */
    public Map<TopicPartition, Long> applied() {
        return new HashMap<>(applied);
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

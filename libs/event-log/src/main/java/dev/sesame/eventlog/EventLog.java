package dev.sesame.eventlog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Appends events to Kafka, the commit point of every command: idempotent producer, {@code acks=all}.
 *
 * <p>An append completes once the broker has made the event durable; only then is a command accepted.
 */
public final class EventLog implements AutoCloseable {

    /** Records larger than Kafka's 1 MB default: accepted mail may be 10 MB after base64. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    /**
     * The producers (two on a transactional log, transactional ids {@code id} and {@code id-2}; one otherwise). Kafka
     * refuses a producer's next transaction a partition until the markers of its last one are written
     * (CONCURRENT_TRANSACTIONS, retried by the broker): small transactions take turns, so none waits for its
     * predecessor's markers. A transaction starts only once the last one's commit returned, so the events of a key
     * stay in order.
     */
    private final Lane[] lanes;
    /** The producer of non-transactional appends. */
    private final Lane plain;
    private final EventCodec codec = new EventCodec();
    private final String bootstrapServers;
    private final boolean transactional;
    private static final int MAX_CALLS_PER_TRANSACTION = 500;
    private final java.util.concurrent.LinkedBlockingQueue<Pending> pending = new java.util.concurrent.LinkedBlockingQueue<>();
    private final ExecutorService transactions;

    /** One event of an atomic append: its topic, key and envelope. */
    public record Append(String topic, String key, EventEnvelope event, boolean anyPartition) {

        /** An event kept in order with the other events of its key (its key chooses the partition). */
        public Append(String topic, String key, EventEnvelope event) {
            this(topic, key, event, false);
        }

        /**
         * An event that needs no order with any other (the only event of its key): the log puts the unordered events
         * of one transaction in one partition, a different one for each transaction, so a commit writes to (and marks)
         * fewer partitions.
         */
        public static Append unordered(String topic, String key, EventEnvelope event) {
            return new Append(topic, key, event, true);
        }

        /** A catalogued event on its type's topic, in order with its key's other events. */
        public static Append of(String key, EventEnvelope event) {
            return new Append(event.eventType().topic(), key, event);
        }

        /** A catalogued event on its type's topic, in no order with any other (see {@link #unordered(String, String, EventEnvelope)}). */
        public static Append unordered(String key, EventEnvelope event) {
            return unordered(event.eventType().topic(), key, event);
        }
    }

    public EventLog(String bootstrapServers, String clientId) {
        this(bootstrapServers, clientId, null);
    }

    /** How the producers compress their batches (the broker keeps them as they come: its topics say {@code producer}). */
    static final String COMPRESSION = "lz4";

    /**
     * @param transactionalId when not null, {@link #appendAtomically} is available: calls are committed in producer
     *     transactions
     *     (the id must be unique per running instance)
     */
    public EventLog(String bootstrapServers, String clientId, String transactionalId) {
        this.bootstrapServers = bootstrapServers;
        this.transactional = transactionalId != null;
        Properties props = new Properties();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // Events are JSON that repeats itself (a send's mail object, header names, ARNs): LZ4 batches are 4 to 7 times
        // smaller on disk and on every consumer's fetch, and cost about what the bytes saved did (issue 20).
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        lanes = transactional ? new Lane[] {new Lane(props, transactionalId, ""), new Lane(props, transactionalId + "-2", "-2")}
                : new Lane[] {new Lane(props, null, "")};
        plain = lanes[0];
        transactions = transactional ? Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "event-log-transactions-" + clientId);
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** One producer and what it is made from; replaced when a transaction leaves it failed for good ({@link #renew}). */
    private static final class Lane {
        private final Properties props;
        private volatile KafkaProducer<String, byte[]> producer;

        Lane(Properties common, String transactionalId, String clientIdSuffix) {
            props = new Properties();
            props.putAll(common);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, common.get(ProducerConfig.CLIENT_ID_CONFIG) + clientIdSuffix);
            if (transactionalId != null) {
                props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            }
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            if (transactionalId != null) {
                producer.initTransactions();
            }
        }

        /**
         * A producer that cannot even abort is failed for good (a fatal error: every later transaction would fail too).
         * A new one with the same transactional id takes its place; its initialization aborts what the old one left
         * open. When that fails too, the next commit tries again.
         */
        void renew(Exception failure) {
            LOG.errorf("the event log's producer failed for good (%s); replacing it", failure.toString());
            producer.close(java.time.Duration.ZERO);
            KafkaProducer<String, byte[]> fresh = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            try {
                fresh.initTransactions();
                producer = fresh;
            } catch (RuntimeException e) {
                fresh.close(java.time.Duration.ZERO);
                LOG.errorf("the event log's new producer could not start (%s); the next commit tries again", e.toString());
            }
        }
    }

    /** A consumer group's committed offsets of one topic, by partition (none for a partition it never committed). */
    public Map<Integer, Long> committedOffsets(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<Integer, Long> offsets = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).forEach((partition, committed) -> {
                if (partition.topic().equals(topic) && committed != null) {
                    offsets.put(partition.partition(), committed.offset());
                }
            });
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer", e);
        }
    }

    /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
    public void ensureTopics(List<String> topics, int partitions) {
        ensureTopics(topics, partitions, Map.of());
    }

    /**
     * Like {@link #ensureTopics(List, int)}, with topic configuration such as {@code max.message.bytes}. Event
     * topics keep their events for ever ({@code retention.ms=-1}): projections are rebuilt from them, so a
     * broker's default retention (a week) would lose state. The replication factor is the broker's default
     * ({@code default.replication.factor}). A topic that exists gets the configuration set.
     */
    public void ensureTopics(List<String> topics, int partitions, Map<String, String> topicConfig) {
        Map<String, String> wanted = new java.util.HashMap<>(Map.of("retention.ms", "-1"));
        wanted.putAll(topicConfig);
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            var created = admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, java.util.Optional.of(partitions),
                    java.util.Optional.<Short>empty()).configs(wanted)).toList()).values();
            List<org.apache.kafka.common.config.ConfigResource> existing = new java.util.ArrayList<>();
            for (String topic : topics) {
                try {
                    created.get(topic).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                    existing.add(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic));
                }
            }
            if (!existing.isEmpty()) {
                List<org.apache.kafka.clients.admin.AlterConfigOp> ops = wanted.entrySet().stream()
                        .map(e -> new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry(e.getKey(),
                                e.getValue()), org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)).toList();
                Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<org.apache.kafka.clients.admin.AlterConfigOp>> changes =
                        new java.util.HashMap<>();
                existing.forEach(resource -> changes.put(resource, ops));
                admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot configure topics " + topics, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer", e);
        }
    }

    /**
     * Appends one event under {@code key} (events of one key stay in order); completes when it is durable. On a
     * transactional log (whose producer sends only in transactions) it is a transaction of its own.
     */
    public CompletableFuture<RecordMetadata> append(String topic, String key, EventEnvelope event) {
        if (transactional) {
            return appendAtomically(List.of(new Append(topic, key, event))).thenApply(stored -> stored.get(0));
        }
        CompletableFuture<RecordMetadata> durable = new CompletableFuture<>();
        try {
            plain.producer.send(new ProducerRecord<>(topic, key, codec.serialize(topic, event)), (metadata, error) -> {
                if (error != null) {
                    durable.completeExceptionally(error);
                } else {
                    durable.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            durable.completeExceptionally(e);
        }
        return durable;
    }

    /**
     * Appends several events in one Kafka transaction: all become visible to {@code read_committed} readers, or none.
     * Completes with each event's metadata, in order, once the transaction is committed.
     *
     * <p>Calls that arrive while a transaction is being committed are committed together in the next one (group
     * commit): each call's events stay all-or-nothing, and a busy service pays one commit for many calls.
     */
    public CompletableFuture<List<RecordMetadata>> appendAtomically(List<Append> appends) {
        return appendAtomically(appends, null);
    }

    /**
     * Like {@link #appendAtomically(List)}, for a caller who answers someone and must tell the truth: a call that no
     * transaction has taken within {@code patience} is withdrawn and completes with {@link NotAppended} (it is never
     * written); once a transaction has taken it, it completes with that transaction's outcome however long it takes,
     * and with {@link OutcomeUnknown} in the one case Kafka leaves open (a commit that timed out again and again).
     */
    public CompletableFuture<List<RecordMetadata>> appendAtomically(List<Append> appends, Duration patience) {
        if (!transactional) {
            throw new IllegalStateException("this event log was created without a transactional id");
        }
        // Encoded here, on the caller's thread: the one thread that commits transactions only sends bytes.
        List<Encoded> records = appends.stream()
                .map(append -> new Encoded(append.topic(), append.key(), codec.serialize(append.topic(), append.event()), append.anyPartition()))
                .toList();
        Pending call = new Pending(records, new CompletableFuture<>(), new AtomicBoolean(), new AtomicReference<>());
        if (patience != null) {
            // Cancelled (and dropped from the timer queue) when a transaction takes the call, so a busy log does not keep
            // each call's bytes until its patience has run out.
            call.withdrawal().set(WITHDRAWALS.schedule(() -> {
                if (call.claimed().compareAndSet(false, true)) {
                    call.done().completeExceptionally(new NotAppended(patience));
                }
            }, patience.toMillis(), TimeUnit.MILLISECONDS));
        }
        pending.add(call);
        try {
            transactions.execute(this::commitPending);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            call.done().completeExceptionally(new IllegalStateException("the event log is closed", e));
        }
        return call.done();
    }

    /** A call withdrawn before any transaction took it: none of its events is in the log. */
    public static final class NotAppended extends RuntimeException {
        NotAppended(Duration patience) {
            super("no transaction took the events within " + patience + "; they are not in the log");
        }
    }

    /** A commit that did not complete in time however often it was retried: the events may or may not be in the log. */
    public static final class OutcomeUnknown extends RuntimeException {
        OutcomeUnknown(Throwable cause) {
            super("the transaction's commit timed out; whether it was committed is unknown", cause);
        }
    }

    /**
     * One caller's appends, what it waits on, whether a transaction (or its withdrawal) has claimed it, and the timer
     * that withdraws it when no transaction has.
     */
    private record Pending(List<Encoded> records, CompletableFuture<List<RecordMetadata>> done, AtomicBoolean claimed,
                           AtomicReference<ScheduledFuture<?>> withdrawal) {

        /** Taken by a transaction: its withdrawal is off. */
        boolean take() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> timer = withdrawal.get();
            if (timer != null) {
                timer.cancel(false);
            }
            return true;
        }
    }

    /** The timers of every log's calls that wait with patience: one daemon thread, cancelled timers removed at once. */
    private static final ScheduledThreadPoolExecutor WITHDRAWALS = withdrawals();

    /** How many withdrawal timers are waiting (for tests). */
    static int waitingWithdrawals() {
        return WITHDRAWALS.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor withdrawals() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "event-log-withdrawals");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private record Encoded(String topic, String key, byte[] value, boolean anyPartition) {
    }

    /** The producer the last transaction used (transactions thread only). */
    private int current;
    private static final int ALTERNATE_BELOW_CALLS = 8;

    /** Transactions committed, which picks the partition of their unordered events. */
    private long transactionCount;

    /** Commits whatever calls are waiting (at most {@link #MAX_CALLS_PER_TRANSACTION}) in one transaction. */
    private void commitPending() {
        List<Pending> drained = new java.util.ArrayList<>();
        pending.drainTo(drained, MAX_CALLS_PER_TRANSACTION);
        // A withdrawn call is left out: its caller was told it is not in the log.
        List<Pending> batch = drained.stream().filter(Pending::take).toList();
        if (batch.isEmpty()) {
            return; // an earlier run took them
        }
        long transaction = transactionCount++;
        // Small transactions (a quiet log) take turns on the producers: none waits for its predecessor's markers. A
        // busy log keeps to one producer: while it waits for the markers more calls join each transaction, and fewer,
        // larger transactions cost the broker less per call.
        if (batch.size() < ALTERNATE_BELOW_CALLS) {
            current = (current + 1) % lanes.length;
        }
        Lane lane = lanes[current];
        KafkaProducer<String, byte[]> producer = lane.producer;
        try {
            producer.beginTransaction();
            Map<String, Integer> unorderedPartition = new java.util.HashMap<>();
            List<List<java.util.concurrent.Future<RecordMetadata>>> sent = new java.util.ArrayList<>();
            for (Pending call : batch) {
                List<java.util.concurrent.Future<RecordMetadata>> futures = new java.util.ArrayList<>();
                for (Encoded record : call.records()) {
                    Integer partition = record.anyPartition() ? unorderedPartition.computeIfAbsent(record.topic(),
                            topic -> (int) (transaction % producer.partitionsFor(topic).size())) : null;
                    futures.add(producer.send(new ProducerRecord<>(record.topic(), partition, record.key(), record.value())));
                }
                sent.add(futures);
            }
            commit(producer);
            for (int i = 0; i < batch.size(); i++) {
                List<RecordMetadata> metadata = new java.util.ArrayList<>();
                for (var future : sent.get(i)) {
                    metadata.add(future.get());
                }
                batch.get(i).done().complete(metadata);
            }
        } catch (Exception e) {
            // Fenced (another producer took the id over, as its abort may tell first): this one stops for good.
            boolean fenced = fenced(e);
            if (!fenced) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException abort) {
                    e.addSuppressed(abort);
                    fenced = fenced(abort);
                    if (!fenced) {
                        lane.renew(e);
                    }
                }
            }
            Throwable reported = fenced ? new IllegalStateException("another instance uses this transactional id", e)
                    : e instanceof OutcomeUnknown ? e : new java.util.concurrent.CompletionException(e);
            batch.forEach(call -> call.done().completeExceptionally(reported));
        }
    }

    /**
     * Commits the open transaction. A commit that times out (the broker away for a while) may still complete: Kafka
     * lets it be retried, and it is, for up to {@value #COMMIT_PATIENCE_MILLIS} ms, so that the callers learn the
     * outcome rather than a guess.
     */
    private static void commit(KafkaProducer<String, byte[]> producer) {
        long deadline = System.currentTimeMillis() + COMMIT_PATIENCE_MILLIS;
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new OutcomeUnknown(e);
                }
                LOG.warnf("the event log's commit timed out (%s); trying again", e.toString());
            }
        }
    }

    private static final long COMMIT_PATIENCE_MILLIS = 60_000;

    /** Whether another producer with this transactional id took over (then this one must stop, not start again). */
    private static boolean fenced(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (transactions != null) {
            transactions.shutdown();
        }
        for (Lane lane : lanes) {
            lane.producer.close();
        }
    }
}

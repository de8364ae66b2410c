package dev.sesame.eventlog;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumers of Sesame events as every worker needs them: committed transactions only, positions committed by hand. */
public final class EventConsumers {

    /** How long a batched consumer's fetch may wait for {@link #BATCH_BYTES} to arrive. */
    public static final Duration BATCH_WAIT = Duration.ofMillis(25);
    static final int BATCH_BYTES = 64 * 1024;

    private EventConsumers() {
    }

    /**
     * A consumer of a busy stream that nobody waits on (a ledger, metrics, a delivery worker) asks the broker for
     * {@value #BATCH_BYTES} bytes or {@link #BATCH_WAIT}, whichever comes first, instead of whatever arrived since
     * its last fetch: on a stream that takes a transaction every few milliseconds it makes a handful of fetches a
     * second instead of hundreds, and the broker and the consumer pay per fetch (issue 20). Its events arrive up to
     * {@link #BATCH_WAIT} later, so a read model a command waits for (read-your-writes) is never batched.
     */
    static void batched(Properties props) {
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, BATCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) BATCH_WAIT.toMillis());
    }

    /**
     * A member of consumer group {@code group}: a group without a committed position starts at the {@code earliest}
     * or {@code latest} record; it decodes only the events {@code wanted} accepts by their envelope (null: all), the
     * others are records without value (see {@link EventCodec}); a {@code batched} member reads in {@linkplain
     * #batched fuller fetches}.
     */
    public static KafkaConsumer<String, EventEnvelope> group(String bootstrapServers, String group, String startAt,
                                                             Predicate<EventEnvelope> wanted, boolean batched) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startAt);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // A member that crashed gives its partitions up after 10 s, not Kafka's 45: its work is taken over sooner.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        if (batched) {
            batched(props);
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new EventCodec(wanted));
    }
}

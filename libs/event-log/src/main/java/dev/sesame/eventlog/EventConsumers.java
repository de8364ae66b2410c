package dev.sesame.eventlog;

import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumers of Sesame events as every worker needs them: committed transactions only, positions committed by hand. */
public final class EventConsumers {

    private EventConsumers() {
    }

    /**
     * A member of consumer group {@code group}; a group without a committed position starts at the
     * {@code earliest} or {@code latest} record.
     */
    public static KafkaConsumer<String, EventEnvelope> group(String bootstrapServers, String group, String startAt) {
        return group(bootstrapServers, group, startAt, null);
    }

    /**
     * A member of consumer group {@code group} that decodes only the events {@code wanted} accepts by their
     * envelope; the others are records without value (see {@link EventCodec}).
     */
    public static KafkaConsumer<String, EventEnvelope> group(String bootstrapServers, String group, String startAt,
                                                             Predicate<EventEnvelope> wanted) {
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
        return new KafkaConsumer<>(props, new StringDeserializer(), new EventCodec(wanted));
    }
}

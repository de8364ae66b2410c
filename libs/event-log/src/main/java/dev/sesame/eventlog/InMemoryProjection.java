package dev.sesame.eventlog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A projection kept in memory and rebuilt from its topics at every start: it applies each event once, in offset
 * order, and skips redelivered ones.
 */
public abstract class InMemoryProjection implements Projection {

    private final List<String> topics;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    protected InMemoryProjection(String... topics) {
        this.topics = List.of(topics);
    }

    @Override
    public List<String> topics() {
        return topics;
    }

    @Override
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    @Override
    public synchronized void apply(List<ConsumerRecord<String, EventEnvelope>> batch) {
        for (ConsumerRecord<String, EventEnvelope> record : batch) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() >= positions.getOrDefault(partition, 0L)) {
                if (record.value() != null) {
                    apply(record.value());
                }
                positions.put(partition, record.offset() + 1);
            }
        }
    }

    /** Applies one event; called once per event, in order per partition. */
    protected abstract void apply(EventEnvelope event);

    @Override
    public synchronized void reset() {
        clear();
        positions.clear();
    }

    /** Drops all state. */
    protected abstract void clear();
}

package dev.sesame.eventlog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A read model built from events. The {@link ProjectionRunner} feeds it batches in offset order.
 *
 * <p>An implementation stores its position (the next offset per partition) in the same transaction as the state
 * the batch changed, so a crash never applies an event twice or skips one, and a redelivered event changes nothing.
 */
public interface Projection {

    /** The topics this projection reads. */
    List<String> topics();

    /** The next offset to read per partition, as last committed with the state; empty for a new projection. */
    Map<TopicPartition, Long> positions();

    /**
     * Applies a batch and stores the new positions, atomically; blocking is allowed (the runner has its own thread).
     * A record without value is an event the projection does not {@linkplain #wants want}: its position counts.
     */
    void apply(List<ConsumerRecord<String, EventEnvelope>> batch);

    /** Drops all state and positions, so the next run replays the topics from the beginning. */
    void reset();

    /**
     * Whether the projection reads an event, judged by its envelope without payload: the runner does not decode the
     * payload of an event it does not want, and hands it to {@link #apply} as a record without value.
     */
    default boolean wants(EventEnvelope envelope) {
        return true;
    }

    /**
     * How far back a projection without stored positions reads: events older than that (by their record time) can
     * no longer change what it answers, so a rebuild starts there. Empty: from the beginning.
     */
    default Optional<Duration> history() {
        return Optional.empty();
    }

    /**
     * Whether the projection reads its topics in {@linkplain EventConsumers#batched fuller, fewer fetches}, seeing
     * events up to {@link EventConsumers#BATCH_WAIT} later: for a projection of a busy stream that no command waits
     * for. Not for one that answers a command (read-your-writes) or that another service's change must reach at once.
     */
    default boolean batched() {
        return false;
    }
}

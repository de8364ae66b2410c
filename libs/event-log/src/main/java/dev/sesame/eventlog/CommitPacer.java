package dev.sesame.eventlog;

import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Commits a worker's consumer positions at most once per interval, or at once when asked: a worker that commits
 * after every poll makes a broker round trip per poll, while one that commits every second redoes at most a
 * second of work after a restart (at least once).
 */
public final class CommitPacer {

    private final long intervalNanos;
    private long committedAt;

    public CommitPacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.committedAt = System.nanoTime() - intervalNanos;
    }

    /** Commits the consumer's positions when {@code now}, or when the interval has passed since the last commit. */
    public void commit(KafkaConsumer<?, ?> consumer, boolean now) {
        if (now || System.nanoTime() - committedAt >= intervalNanos) {
            consumer.commitSync();
            committedAt = System.nanoTime();
        }
    }
}

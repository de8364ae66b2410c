package dev.sesame.service.api;

import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.GroupWorker;
import java.util.List;

/**
 * A consumer group's work, without its loop: what it reads, where a new group starts, which events it wants by their
 * envelope, and what it does with a batch (committing when its work is safe). {@link EventStreams#worker} runs it.
 */
public interface GroupConsumer extends GroupWorker.Step {

    /** The worker thread's name. */
    String name();

    /** The consumer group. */
    String group();

    /** Where the group starts the first time: {@code earliest} or {@code latest}. */
    String startAt();

    List<String> topics();

    /** Whether a record's payload is worth decoding (the others reach the step without value). */
    boolean wants(EventEnvelope envelope);

    /** Whether it reads in {@linkplain dev.sesame.eventlog.EventConsumers#batched fuller, fewer fetches} (nobody waits on it). */
    default boolean batched() {
        return false;
    }
}

package dev.sesame.service.api;

import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How a command commits: append its event to Kafka, then wait until the service's own projection has applied it,
 * so the answer (and any read after it) reflects the change. A broker that does not confirm in time is
 * {@code ServiceUnavailable}, and nothing is changed.
 */
public final class CommandLog {

    private final EventLog log;
    private final ProjectionRunner projection;
    private final Duration timeout;

    public CommandLog(EventLog log, ProjectionRunner projection, Duration timeout) {
        this.log = log;
        this.projection = projection;
        this.timeout = timeout;
    }

    /** Appends the event to its type's topic under {@code key} and answers once this service's projections have applied it. */
    public Uni<RecordMetadata> record(String key, EventEnvelope event) {
        Context context = Vertx.currentContext();
        String topic = event.eventType().topic();
        Uni<RecordMetadata> recorded = Uni.createFrom().completionStage(() -> log.append(topic, key, event))
                .chain(stored -> Uni.createFrom().completionStage(projection.awaitApplied(
                        new TopicPartition(stored.topic(), stored.partition()), stored.offset())).replaceWith(stored))
                .ifNoItem().after(timeout)
                .failWith(() -> new SesException("ServiceUnavailable", 503, "The event log did not confirm the change in time."))
                .onFailure(failure -> !(failure instanceof SesException))
                .transform(failure -> new SesException("ServiceUnavailable", 503, "The event log is unavailable; nothing was changed."));
        return onCallersContext(context, recorded);
    }

    /**
     * Appends records in one Kafka transaction and answers once it has committed, without waiting for a projection
     * (a send: what must be read back at once, the caller applies itself). A record no transaction took is
     * {@code ServiceUnavailable} (nothing changed); a transaction whose commit was not confirmed is
     * {@code InternalFailure} (it may have taken effect).
     */
    public Uni<List<RecordMetadata>> appendAtomically(List<EventLog.Append> appends) {
        Context context = Vertx.currentContext();
        Uni<List<RecordMetadata>> appended = Uni.createFrom().completionStage(() -> log.appendAtomically(appends, timeout))
                .onFailure().transform(CommandLog::answerOf);
        return onCallersContext(context, appended);
    }

    private static SesException answerOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EventLog.NotAppended) {
            return new SesException("ServiceUnavailable", 503, "The event log did not take the request in time; nothing was changed.");
        }
        if (cause instanceof EventLog.OutcomeUnknown) {
            return new SesException("InternalFailure", 500, "The event log did not confirm the request; it may have taken effect.");
        }
        return new SesException("ServiceUnavailable", 503, "The event log is unavailable; nothing was changed.");
    }

    /** Back onto the caller's Vert.x context, when there is one (the event log completes on its own threads). */
    private static <T> Uni<T> onCallersContext(Context context, Uni<T> answer) {
        return context == null ? answer : answer.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}

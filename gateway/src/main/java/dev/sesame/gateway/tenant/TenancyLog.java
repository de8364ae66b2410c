package dev.sesame.gateway.tenant;

import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.apache.kafka.common.TopicPartition;

/**
 * Records a tenancy event (Kafka is the commit point) and answers once the gateway's tenant tables show it, so the
 * operator's next request sees the change. Nothing is changed unless the event is durable.
 */
public final class TenancyLog {

    private final EventLog log;
    private final ProjectionRunner view;
    private final Duration timeout;

    public TenancyLog(EventLog log, ProjectionRunner view, Duration timeout) {
        this.log = log;
        this.view = view;
        this.timeout = timeout;
    }

    /** The event, keyed by its tenant, on its type's topic; {@link Unavailable} when the log did not take it in time. */
    public Uni<Void> record(EventEnvelope event) {
        Context context = Vertx.currentContext();
        Uni<Void> recorded = Uni.createFrom().completionStage(() -> log.append(event.eventType().topic(), event.tenantId(), event))
                .chain(stored -> Uni.createFrom().completionStage(view.awaitApplied(new TopicPartition(stored.topic(), stored.partition()),
                        stored.offset())))
                .ifNoItem().after(timeout).failWith(() -> new Unavailable("the event log did not confirm the change in time"))
                .onFailure(failure -> !(failure instanceof Unavailable))
                .transform(failure -> new Unavailable("the event log is unavailable; nothing was changed"));
        // Back onto the caller's Vert.x context (the log completes on its own threads), where its sessions live.
        return context == null ? recorded : recorded.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /** The change could not be recorded (or its recording not confirmed): the admin API answers 503. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}

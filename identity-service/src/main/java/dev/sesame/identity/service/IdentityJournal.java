package dev.sesame.identity.service;

import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.EventLog;
import dev.sesame.events.log.ProjectionRunner;
import dev.sesame.identity.config.EventLogConfig;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

/**
 * Records identity events: appends to Kafka (the commit point) and completes once the identity projection
 * has applied the event, so whoever asked sees the change at once.
 */
@ApplicationScoped
public class IdentityJournal {

    private final EventLog log;
    private final ProjectionRunner projection;
    private final EventLogConfig config;

    public IdentityJournal(EventLog log, ProjectionRunner projection, EventLogConfig config) {
        this.log = log;
        this.projection = projection;
        this.config = config;
    }

    /**
     * @param requestId the API request behind the event, or null when the platform itself decided (a DNS check)
     */
    public Uni<Void> record(String accountId, String requestId, String type, String identity, Object payload) {
        EventEnvelope event = EventEnvelope.of(type, 1, accountId, identity, requestId, EventCodec.JSON.valueToTree(payload));
        Context context = Vertx.currentContext();
        Uni<Void> recorded = Uni.createFrom().completionStage(() -> log.append(IdentityEvents.TOPIC, accountId, event))
                .chain(stored -> Uni.createFrom().completionStage(
                        projection.awaitApplied(new TopicPartition(stored.topic(), stored.partition()), stored.offset())))
                .ifNoItem().after(config.commandTimeout())
                .failWith(() -> new SesException("ServiceUnavailable", 503, "The event log did not confirm the change in time."))
                .onFailure(failure -> !(failure instanceof SesException))
                .transform(failure -> new SesException("ServiceUnavailable", 503, "The event log is unavailable; nothing was changed."));
        // Back onto the caller's Vert.x context, when there is one: the reads that follow need it.
        return context == null ? recorded : recorded.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}

package dev.sesame.identity.service;

import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.EventLog;
import dev.sesame.events.log.ProjectionRunner;
import dev.sesame.identity.config.EventLogConfig;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.IdentityType;
import dev.sesame.identity.rest.Caller;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.kafka.common.TopicPartition;

/**
 * The identity commands: each validates against the projection, appends its event to Kafka (the commit point)
 * and answers once the projection shows it, so a read right after a write sees it.
 */
@ApplicationScoped
public class IdentityCommands {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventLog log;
    private final ProjectionRunner projection;
    private final IdentityStore store;
    private final EventLogConfig config;

    public IdentityCommands(EventLog log, ProjectionRunner projection, IdentityStore store, EventLogConfig config) {
        this.log = log;
        this.projection = projection;
        this.store = store;
        this.config = config;
    }

    /** Starts verification of an address or domain; asking again keeps the identity and its token. */
    public Uni<Identity> requestVerification(Caller caller, String identity, IdentityType type) {
        return store.find(caller.accountId(), identity).chain(existing -> {
            String token = type == IdentityType.Domain
                    ? existing != null && existing.verificationToken != null ? existing.verificationToken : newToken()
                    : null;
            var payload = new IdentityEvents.VerificationRequested(identity, type.name(), token);
            return append(caller, IdentityEvents.VERIFICATION_REQUESTED, identity, payload);
        }).chain(() -> store.find(caller.accountId(), identity));
    }

    /** Deletes an identity; deleting one that does not exist succeeds and records nothing, as in SES. */
    public Uni<Void> delete(Caller caller, String identity) {
        return store.find(caller.accountId(), identity).chain(existing -> existing == null
                ? Uni.createFrom().voidItem()
                : append(caller, IdentityEvents.DELETED, existing.name, new IdentityEvents.Deleted(existing.name)));
    }

    private Uni<Void> append(Caller caller, String type, String aggregate, Object payload) {
        EventEnvelope event = EventEnvelope.of(type, 1, caller.accountId(), aggregate, caller.requestId(),
                EventCodec.JSON.valueToTree(payload));
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> log.append(IdentityEvents.TOPIC, caller.accountId(), event))
                .chain(stored -> Uni.createFrom().completionStage(
                        projection.awaitApplied(new TopicPartition(stored.topic(), stored.partition()), stored.offset())))
                .ifNoItem().after(config.commandTimeout())
                .failWith(() -> new SesException("ServiceUnavailable", 503, "The event log did not confirm the change in time."))
                .onFailure(failure -> !(failure instanceof SesException))
                .transform(failure -> new SesException("ServiceUnavailable", 503, "The event log is unavailable; nothing was changed."))
                // Back onto the request's Vert.x context: the reads that follow need it.
                .emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /** A verification token like SES's: 32 random bytes, base64 (44 characters). */
    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

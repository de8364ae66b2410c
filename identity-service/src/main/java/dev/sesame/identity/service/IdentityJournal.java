package dev.sesame.identity.service;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.service.api.CommandLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Records identity events on {@code sesame.identity.events}, keyed by tenant: durable in Kafka and applied by the
 * identity projection before it completes, so whoever asked sees the change at once.
 */
@ApplicationScoped
public class IdentityJournal {

    private final CommandLog commands;

    public IdentityJournal(CommandLog commands) {
        this.commands = commands;
    }

    /**
     * @param requestId the API request behind the event, or null when the platform itself decided (a DNS check)
     */
    public Uni<Void> record(String accountId, String requestId, EventType type, String identity, Record payload) {
        EventEnvelope event = EventEnvelope.of(type, accountId, identity, requestId, payload);
        return commands.record(accountId, event).replaceWithVoid();
    }
}

package dev.sesame.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.catalogue.EventType;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every Sesame event, in every topic: immutable JSON, documented in {@code docs/events/}.
 *
 * @param eventId unique id of this event (a UUID)
 * @param type what happened, in the past tense ({@code EmailIdentityVerificationRequested})
 * @param schemaVersion version of this type's payload schema
 * @param tenantId the 12-digit account id the event belongs to
 * @param aggregateId the thing the event is about (an identity, a rule set, a message)
 * @param time when the command was accepted
 * @param requestId the API request that caused it (correlation id), or null
 * @param causationId the event that caused it, or null when a request did
 * @param causationPosition where the record that caused it is ({@code <topic>-<partition>@<offset>}), when a
 *     consumer of a topic caused it, or null
 * @param payload the type's own fields
 */
public record EventEnvelope(
        String eventId,
        String type,
        int schemaVersion,
        String tenantId,
        String aggregateId,
        Instant time,
        String requestId,
        String causationId,
        String causationPosition,
        JsonNode payload) {

    /** This envelope without its payload (what a reader's filter judges). */
    public EventEnvelope withoutPayload() {
        return new EventEnvelope(eventId, type, schemaVersion, tenantId, aggregateId, time, requestId, causationId, causationPosition, null);
    }

    /** The catalogue's type of this event ({@link EventType#UNCATALOGUED} for one it does not know). */
    public EventType eventType() {
        return EventType.of(type);
    }

    /** The payload as the record its type names ({@link EventType#payloadType()}). */
    public <T extends Record> T payloadAs(Class<T> type) {
        try {
            return EventCodec.JSON.treeToValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(this.type + " " + eventId + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A new event caused by an API request (or, with a null request id, decided by the platform itself). The payload
     * must be the record the type names; it is written as JSON when the event is encoded.
     */
    public static EventEnvelope of(EventType type, String tenantId, String aggregateId, String requestId, Record payload) {
        return new EventEnvelope(UUID.randomUUID().toString(), type.wireName(), type.schemaVersion(), tenantId, aggregateId,
                Instant.now(), requestId, null, null, checked(type, payload));
    }

    /** A new event of a type outside the catalogue: what the log's own tests write; the services write {@link EventType}s. */
    public static EventEnvelope of(String type, int schemaVersion, String tenantId, String aggregateId, String requestId,
                                   JsonNode payload) {
        return new EventEnvelope(UUID.randomUUID().toString(), type, schemaVersion, tenantId, aggregateId, Instant.now(),
                requestId, null, null, payload);
    }

    /** A new event caused by another: the record at {@code causationPosition}, whose event id is {@code causationId}. */
    public static EventEnvelope causedBy(EventType type, String tenantId, String aggregateId, String causationId,
                                         String causationPosition, Record payload) {
        return new EventEnvelope(UUID.randomUUID().toString(), type.wireName(), type.schemaVersion(), tenantId, aggregateId,
                Instant.now(), null, causationId, causationPosition, checked(type, payload));
    }

    private static JsonNode checked(EventType type, Record payload) {
        if (type == EventType.UNCATALOGUED || !type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException("a " + type + " event's payload is a " + (type == EventType.UNCATALOGUED ? "catalogued type's record"
                    : type.payloadType().getName()) + ", not " + (payload == null ? "null" : payload.getClass().getName()));
        }
        return EventCodec.unread(payload);
    }
}

package dev.sesame.sending.tracking;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code mail} object of every message sent through a set with tracking options, from {@code sesame.sending.tracking}
 * (written in the send's own transaction): an Open or Click record carries it as SES's do.
 */
@Singleton
public class TrackedMessages extends InMemoryProjection {

    private final Map<String, JsonNode> mail = new ConcurrentHashMap<>();

    public TrackedMessages() {
        super(Topics.TRACKING);
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (EventType.MESSAGE_TRACKED.is(event.type())) {
            mail.put(event.tenantId() + "/" + event.aggregateId(), event.payload().path("mail"));
        }
    }

    @Override
    protected void clear() {
        mail.clear();
    }

    public Optional<JsonNode> mail(String accountId, String messageId) {
        return Optional.ofNullable(mail.get(accountId + "/" + messageId));
    }
}

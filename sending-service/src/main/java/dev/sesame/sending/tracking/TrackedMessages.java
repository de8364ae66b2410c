package dev.sesame.sending.tracking;

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

    public static final String TOPIC = "sesame.sending.tracking";
    public static final String TRACKED = "MessageTracked";

    private final Map<String, JsonNode> mail = new ConcurrentHashMap<>();

    public TrackedMessages() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (event.type().equals(TRACKED)) {
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

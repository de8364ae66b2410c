package dev.sesame.sending.views;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Messages the platform received in the last 24 hours (SendBounce answers them), from {@code sesame.receipt.events}. */
@Singleton
public class ReceivedMessages extends InMemoryProjection {

    static final Duration BOUNCEABLE = Duration.ofHours(24);

    /** A received message: its envelope sender, the recipients, when it arrived. */
    public record Received(String messageId, String source, List<String> recipients, Instant at) {
    }

    private final Map<String, Received> messages = new ConcurrentHashMap<>();

    public ReceivedMessages() {
        super(Topics.RECEIPT);
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (EventType.MESSAGE_RECEIVED.is(event.type())) {
            JsonNode p = event.payload();
            List<String> recipients = new ArrayList<>();
            p.path("recipients").forEach(r -> recipients.add(r.asText()));
            messages.put(event.tenantId() + ":" + p.path("messageId").asText(),
                    new Received(p.path("messageId").asText(), p.path("source").asText(null), recipients, event.time()));
        }
    }

    @Override
    protected void clear() {
        messages.clear();
    }

    /** The tenant's message, if it arrived in the last 24 hours. */
    public Optional<Received> find(String accountId, String messageId) {
        Instant since = Instant.now().minus(BOUNCEABLE);
        messages.values().removeIf(m -> m.at().isBefore(since));
        return Optional.ofNullable(messages.get(accountId + ":" + messageId));
    }
}

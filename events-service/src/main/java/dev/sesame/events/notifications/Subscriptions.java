package dev.sesame.events.notifications;

import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic registry: which endpoints subscribe to each SNS-style topic ARN, projected in memory from
 * {@code sesame.notifications.events}. Managed by operators through the admin API.
 */
@Singleton
public class Subscriptions extends InMemoryProjection {

    /** @param protocol {@code http}, {@code https} or {@code kafka} (the endpoint is then a Kafka topic) */
    public record Subscription(String subscriptionArn, String topicArn, String protocol, String endpoint) {
    }

    private final Map<String, Map<String, Subscription>> byTopic = new ConcurrentHashMap<>();

    public Subscriptions() {
        super(Topics.NOTIFICATIONS);
    }

    @Override
    protected void apply(EventEnvelope event) {
        String topic = event.payload().path("topicArn").asText();
        String arn = event.payload().path("subscriptionArn").asText();
        switch (event.eventType()) {
            case TOPIC_SUBSCRIBED -> byTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(arn, new Subscription(arn, topic,
                    event.payload().path("protocol").asText(), event.payload().path("endpoint").asText()));
            case TOPIC_UNSUBSCRIBED -> byTopic.getOrDefault(topic, Map.of()).remove(arn);
            default -> {
            }
        }
    }

    @Override
    protected void clear() {
        byTopic.clear();
    }

    public List<Subscription> of(String topicArn) {
        return List.copyOf(byTopic.getOrDefault(topicArn, Map.of()).values());
    }
}

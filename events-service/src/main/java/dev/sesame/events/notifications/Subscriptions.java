package dev.sesame.events.notifications;

import dev.sesame.eventlog.catalogue.NotificationEvents;
import dev.sesame.eventlog.catalogue.Topics;
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
        switch (event.eventType()) {
            case TOPIC_SUBSCRIBED -> {
                var s = event.payloadAs(NotificationEvents.TopicSubscribed.class);
                byTopic.computeIfAbsent(s.topicArn(), t -> new ConcurrentHashMap<>())
                        .put(s.subscriptionArn(), new Subscription(s.subscriptionArn(), s.topicArn(), s.protocol(), s.endpoint()));
            }
            case TOPIC_UNSUBSCRIBED -> {
                var u = event.payloadAs(NotificationEvents.TopicUnsubscribed.class);
                byTopic.getOrDefault(u.topicArn(), Map.of()).remove(u.subscriptionArn());
            }
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

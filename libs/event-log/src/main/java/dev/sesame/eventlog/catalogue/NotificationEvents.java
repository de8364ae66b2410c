package dev.sesame.eventlog.catalogue;

/** The events of {@code sesame.notifications.events} (schemas in {@code docs/events/notifications/}), keyed by tenant. */
public final class NotificationEvents {

    /** @param protocol {@code http}, {@code https} or {@code email} */
    public record TopicSubscribed(String topicArn, String subscriptionArn, String protocol, String endpoint) {
    }

    public record TopicUnsubscribed(String topicArn, String subscriptionArn) {
    }

    private NotificationEvents() {
    }
}

package dev.sesame.events.notifications;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each identity's notification topics and header flags, projected in memory from {@code sesame.identity.events}. */
@Singleton
public class NotificationSettings extends InMemoryProjection {

    /** Where one identity's notifications of each type go, and whether they carry the original headers. */
    public static final class Setting {
        final Map<String, String> topics = new ConcurrentHashMap<>();
        final Map<String, Boolean> headers = new ConcurrentHashMap<>();

        public Optional<String> topic(String type) {
            return Optional.ofNullable(topics.get(type));
        }

        public boolean headers(String type) {
            return headers.getOrDefault(type, false);
        }
    }

    private final Map<String, Setting> settings = new ConcurrentHashMap<>();

    public NotificationSettings() {
        super(Topics.IDENTITY);
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode p = event.payload();
        String key = key(event.tenantId(), p.path("identity").asText());
        switch (event.eventType()) {
            case IDENTITY_NOTIFICATION_TOPIC_SET -> {
                Setting setting = settings.computeIfAbsent(key, k -> new Setting());
                if (p.hasNonNull("snsTopic")) {
                    setting.topics.put(p.path("notificationType").asText(), p.get("snsTopic").asText());
                } else {
                    setting.topics.remove(p.path("notificationType").asText());
                }
            }
            case IDENTITY_HEADERS_IN_NOTIFICATIONS_SET -> settings.computeIfAbsent(key, k -> new Setting())
                    .headers.put(p.path("notificationType").asText(), p.path("enabled").asBoolean());
            case IDENTITY_DELETED -> settings.remove(key);
            default -> {
            }
        }
    }

    @Override
    protected void clear() {
        settings.clear();
    }

    /** Whether any identity has a notification setting. */
    public boolean any() {
        return !settings.isEmpty();
    }

    public Optional<Setting> of(String accountId, String identity) {
        return Optional.ofNullable(settings.get(key(accountId, identity)));
    }

    private static String key(String accountId, String identity) {
        int at = identity.lastIndexOf('@');
        String normalized = at < 0 ? identity.toLowerCase(Locale.ROOT)
                : identity.substring(0, at + 1) + identity.substring(at + 1).toLowerCase(Locale.ROOT);
        return accountId + ":" + normalized;
    }
}

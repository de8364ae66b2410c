package dev.sesame.sending.templates;

import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.InMemoryProjection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Each tenant's email templates (SES v1's CreateTemplate and v2's CreateEmailTemplate alike), from
 * {@code sesame.sending.templates}: created, updated and deleted by name.
 */
@Singleton
public class Templates extends InMemoryProjection {

    public static final String TOPIC = "sesame.sending.templates";
    public static final String CREATED = "TemplateCreated";
    public static final String UPDATED = "TemplateUpdated";
    public static final String DELETED = "TemplateDeleted";

    /** A template's parts (each may be absent) and when it was first created. */
    public record Template(String name, String subject, String text, String html, Instant createdAt) {
    }

    private final Map<String, NavigableMap<String, Template>> byTenant = new ConcurrentHashMap<>();

    public Templates() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        String name = event.payload().path("name").asText();
        NavigableMap<String, Template> templates = byTenant.computeIfAbsent(event.tenantId(), t -> new ConcurrentSkipListMap<>());
        switch (event.type()) {
            case CREATED, UPDATED -> {
                Template before = templates.get(name);
                templates.put(name, new Template(name, event.payload().path("subject").asText(null), event.payload().path("text").asText(null),
                        event.payload().path("html").asText(null), before == null ? event.time() : before.createdAt()));
            }
            case DELETED -> templates.remove(name);
            default -> {
            }
        }
    }

    @Override
    protected void clear() {
        byTenant.clear();
    }

    public Optional<Template> find(String accountId, String name) {
        return Optional.ofNullable(byTenant.getOrDefault(accountId, new ConcurrentSkipListMap<>()).get(name));
    }

    /** The tenant's templates in name order, from just after {@code after} (null: the first). */
    public List<Template> list(String accountId, String after) {
        NavigableMap<String, Template> all = byTenant.getOrDefault(accountId, new ConcurrentSkipListMap<>());
        return List.copyOf((after == null ? all : all.tailMap(after, false)).values());
    }

    public int count(String accountId) {
        return byTenant.getOrDefault(accountId, new ConcurrentSkipListMap<>()).size();
    }
}

package dev.sesame.identity.service;

import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Each tenant's custom verification email templates, from {@code sesame.identity.verification-templates}: created and
 * updated as a whole (an update carries the merged template), deleted by name.
 */
@Singleton
public class VerificationTemplates extends InMemoryProjection {

    public static final String TOPIC = "sesame.identity.verification-templates";
    public static final String CREATED = "CustomVerificationEmailTemplateCreated";
    public static final String UPDATED = "CustomVerificationEmailTemplateUpdated";
    public static final String DELETED = "CustomVerificationEmailTemplateDeleted";

    /** A template as SES keeps it. */
    public record Template(String name, String fromEmailAddress, String subject, String content, String successRedirectionUrl,
                           String failureRedirectionUrl) {
    }

    private final Map<String, NavigableMap<String, Template>> byTenant = new ConcurrentHashMap<>();

    public VerificationTemplates() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        NavigableMap<String, Template> templates = byTenant.computeIfAbsent(event.tenantId(), t -> new ConcurrentSkipListMap<>());
        var p = event.payload();
        switch (event.type()) {
            case CREATED, UPDATED -> templates.put(p.path("name").asText(), new Template(p.path("name").asText(),
                    p.path("fromEmailAddress").asText(), p.path("subject").asText(), p.path("content").asText(),
                    p.path("successRedirectionUrl").asText(), p.path("failureRedirectionUrl").asText()));
            case DELETED -> templates.remove(p.path("name").asText());
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

    /** The tenant's templates in name order, after {@code after} (null: from the first). */
    public List<Template> list(String accountId, String after) {
        NavigableMap<String, Template> all = byTenant.getOrDefault(accountId, new ConcurrentSkipListMap<>());
        return List.copyOf((after == null ? all : all.tailMap(after, false)).values());
    }

    public int count(String accountId) {
        return byTenant.getOrDefault(accountId, new ConcurrentSkipListMap<>()).size();
    }
}

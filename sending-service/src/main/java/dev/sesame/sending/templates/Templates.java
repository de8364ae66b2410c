package dev.sesame.sending.templates;

import dev.sesame.eventlog.catalogue.SendingEvents;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.ByTenant;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's email templates (SES v1's CreateTemplate and v2's CreateEmailTemplate alike), from
 * {@code sesame.sending.templates}: created, updated and deleted by name.
 */
@Singleton
public class Templates extends InMemoryProjection {

    /** A template's parts (each may be absent) and when it was first created. */
    public record Template(String name, String subject, String text, String html, Instant createdAt) {
    }

    private final ByTenant<Template> templates = new ByTenant<>();

    public Templates() {
        super(Topics.TEMPLATES);
    }

    @Override
    protected void apply(EventEnvelope event) {
        switch (event.eventType()) {
            case TEMPLATE_CREATED, TEMPLATE_UPDATED -> {
                var t = event.payloadAs(SendingEvents.TemplatePut.class);
                Instant createdAt = templates.find(event.tenantId(), t.name()).map(Template::createdAt).orElse(event.time());
                templates.put(event.tenantId(), t.name(), new Template(t.name(), t.subject(), t.text(), t.html(), createdAt));
            }
            case TEMPLATE_DELETED -> templates.remove(event.tenantId(), event.payloadAs(SendingEvents.TemplateDeleted.class).name());
            default -> {
            }
        }
    }

    @Override
    protected void clear() {
        templates.clear();
    }

    public Optional<Template> find(String accountId, String name) {
        return templates.find(accountId, name);
    }

    /** The tenant's templates in name order, from just after {@code after} (null: the first). */
    public List<Template> list(String accountId, String after) {
        return templates.list(accountId, after);
    }

    public int count(String accountId) {
        return templates.count(accountId);
    }
}

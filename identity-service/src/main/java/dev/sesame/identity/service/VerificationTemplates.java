package dev.sesame.identity.service;

import dev.sesame.eventlog.ByTenant;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import dev.sesame.eventlog.catalogue.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's custom verification email templates, from {@code sesame.identity.verification-templates}: created and
 * updated as a whole (an update carries the merged template), deleted by name.
 */
@Singleton
public class VerificationTemplates extends InMemoryProjection {

    /** A template as SES keeps it. */
    public record Template(String name, String fromEmailAddress, String subject, String content, String successRedirectionUrl,
                           String failureRedirectionUrl) {
    }

    private final ByTenant<Template> templates = new ByTenant<>();

    public VerificationTemplates() {
        super(Topics.VERIFICATION_TEMPLATES);
    }

    @Override
    protected void apply(EventEnvelope event) {
        var p = event.payload();
        String name = p.path("name").asText();
        switch (event.eventType()) {
            case CUSTOM_VERIFICATION_EMAIL_TEMPLATE_CREATED, CUSTOM_VERIFICATION_EMAIL_TEMPLATE_UPDATED -> templates.put(event.tenantId(), name, new Template(name, p.path("fromEmailAddress").asText(),
                    p.path("subject").asText(), p.path("content").asText(), p.path("successRedirectionUrl").asText(),
                    p.path("failureRedirectionUrl").asText()));
            case CUSTOM_VERIFICATION_EMAIL_TEMPLATE_DELETED -> templates.remove(event.tenantId(), name);
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

    /** The tenant's templates in name order, after {@code after} (null: from the first). */
    public List<Template> list(String accountId, String after) {
        return templates.list(accountId, after);
    }

    public int count(String accountId) {
        return templates.count(accountId);
    }
}

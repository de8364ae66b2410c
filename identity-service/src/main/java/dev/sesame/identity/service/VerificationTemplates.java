package dev.sesame.identity.service;

import dev.sesame.eventlog.ByTenant;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.catalogue.VerificationTemplateEvents;
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
        switch (event.eventType()) {
            case CUSTOM_VERIFICATION_EMAIL_TEMPLATE_CREATED, CUSTOM_VERIFICATION_EMAIL_TEMPLATE_UPDATED -> {
                var t = event.payloadAs(VerificationTemplateEvents.TemplatePut.class);
                templates.put(event.tenantId(), t.name(), new Template(t.name(), t.fromEmailAddress(), t.subject(), t.content(),
                        t.successRedirectionUrl(), t.failureRedirectionUrl()));
            }
            case CUSTOM_VERIFICATION_EMAIL_TEMPLATE_DELETED ->
                    templates.remove(event.tenantId(), event.payloadAs(VerificationTemplateEvents.TemplateDeleted.class).name());
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

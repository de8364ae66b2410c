package dev.sesame.eventlog.catalogue;

/**
 * The events of {@code sesame.identity.verification-templates} (schemas in {@code docs/events/verification-templates/}),
 * keyed by tenant.
 */
public final class VerificationTemplateEvents {

    /** Create- and UpdateCustomVerificationEmailTemplate: the whole template as it now is. */
    public record TemplatePut(String name, String fromEmailAddress, String subject, String content, String successRedirectionUrl,
                              String failureRedirectionUrl) {
    }

    public record TemplateDeleted(String name) {
    }

    private VerificationTemplateEvents() {
    }
}

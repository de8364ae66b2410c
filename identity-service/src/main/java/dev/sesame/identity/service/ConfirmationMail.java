package dev.sesame.identity.service;

import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.config.IdentityConfig;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.VerificationStatus;
import dev.sesame.service.api.Caller;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Email-address verification: mails a confirmation link, and verifies the address when the link is followed
 * within its validity. Only the token's hash is recorded, so the event log cannot be used to verify.
 */
@ApplicationScoped
public class ConfirmationMail {

    private static final Logger LOG = Logger.getLogger(ConfirmationMail.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityJournal journal;
    private final IdentityStore store;
    private final ReactiveMailer mailer;
    private final IdentityConfig config;

    /** What following a link did. */
    public enum Outcome { VERIFIED, UNKNOWN_OR_USED, EXPIRED }

    /** @param redirect where the page sends the browser (a custom verification email's URL for the outcome), or null */
    public record Confirmation(Outcome outcome, String identity, String redirect) {
    }

    public ConfirmationMail(IdentityJournal journal, IdentityStore store, ReactiveMailer mailer, IdentityConfig config) {
        this.journal = journal;
        this.store = store;
        this.mailer = mailer;
        this.config = config;
    }

    /**
     * Records a new link and mails it. A mail the relay refuses is logged, not fatal: the address stays Pending and
     * asking again sends a new link, as in SES.
     */
    public Uni<Void> send(Caller caller, String address) {
        String region = caller.region();
        return mail(caller, address, null, link -> Mail.withText(address,
                "Sesame - Email Address Verification Request in region " + region,
                "Dear Sesame customer,\n\n"
                        + "We have received a request to authorize this email address for use with Sesame in region "
                        + region + ". If you requested this verification, go to the following URL to confirm"
                        + " that you are authorized to use this email address:\n\n" + link + "\n\n"
                        + "Your request will not be processed unless you confirm the address using this URL. "
                        + "This link expires 24 hours after your original verification request.\n\n"
                        + "If you did not request to verify this email address, do not click on the link.\n")
                .setFrom(config.mailFrom()));
    }

    /**
     * SendCustomVerificationEmail: the template's subject and HTML content from its FromEmailAddress, with the link
     * added at the end of the body; following it leads to the template's success (or, expired, failure) URL.
     */
    public Uni<Void> sendCustom(Caller caller, String address, VerificationTemplates.Template template) {
        return mail(caller, address, template, link -> {
            String anchor = "<p><a href=\"" + link + "\">" + link + "</a></p>";
            String content = template.content();
            int end = content.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
            String html = end < 0 ? content + anchor : content.substring(0, end) + anchor + content.substring(end);
            return Mail.withHtml(address, template.subject(), html).setFrom(template.fromEmailAddress());
        });
    }

    /**
     * Records a new link and mails it. A mail the relay refuses is logged, not fatal: the address stays Pending and
     * asking again sends a new link, as in SES.
     */
    private Uni<Void> mail(Caller caller, String address, VerificationTemplates.Template template,
                           java.util.function.Function<String, Mail> compose) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = Instant.now().plus(config.confirmationValidity());
        String link = config.publicUrl() + "/confirmations/" + token;
        return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_CONFIRMATION_MAILED, address,
                        new IdentityEvents.ConfirmationMailed(address, hash(token), expires,
                                template == null ? null : template.successRedirectionUrl(),
                                template == null ? null : template.failureRedirectionUrl()))
                .chain(() -> mailer.send(compose.apply(link))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("could not mail the confirmation link for an identity of account %s: %s",
                                    caller.accountId(), failure.getMessage());
                            return null;
                        }));
    }

    /** Follows a link: a valid one verifies its address once; an unknown, used or expired one changes nothing. */
    public Uni<Confirmation> confirm(String token) {
        return store.byConfirmationTokenHash(hash(token)).chain(identity -> {
            if (identity == null || identity.isVerified()) {
                return Uni.createFrom().item(new Confirmation(Outcome.UNKNOWN_OR_USED, null, null));
            }
            if (identity.confirmationExpiresAt == null || Instant.now().isAfter(identity.confirmationExpiresAt)) {
                return Uni.createFrom().item(new Confirmation(Outcome.EXPIRED, identity.name, identity.confirmationFailureUrl));
            }
            String success = identity.confirmationSuccessUrl;
            return verify(identity).map(ignored -> new Confirmation(Outcome.VERIFIED, identity.name, success));
        });
    }

    private Uni<Void> verify(Identity identity) {
        return journal.record(identity.accountId, null, EventType.IDENTITY_VERIFICATION_STATUS_CHANGED, identity.name,
                new IdentityEvents.VerificationStatusChanged(identity.name, VerificationStatus.Success.name(), "link"));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

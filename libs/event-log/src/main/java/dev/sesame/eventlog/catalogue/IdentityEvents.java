package dev.sesame.eventlog.catalogue;

/**
 * The events of {@code sesame.identity.events} (schemas in {@code docs/events/identity/}).
 *
 * <p>They carry everything another service needs to decide on its own (the sending service: verification,
 * DKIM keys, MAIL FROM, notification topics, policies), so nobody calls the identity service on a hot path.
 */
public final class IdentityEvents {

    public record VerificationRequested(String identity, String identityType, String verificationToken) {
    }

    /** A confirmation link was mailed; only the token's hash is recorded, so readers of the topic cannot verify. */
    /**
     * @param successRedirectionUrl where following the link leads once verified (a custom verification email's), or null
     * @param failureRedirectionUrl where following an expired link leads (a custom verification email's), or null
     */
    public record ConfirmationMailed(String identity, String tokenHash, java.time.Instant expiresAt, String successRedirectionUrl,
                                     String failureRedirectionUrl) {
    }

    /** @param reason what decided: {@code dns}, {@code link}, {@code operator}, {@code timeout} */
    public record VerificationStatusChanged(String identity, String status, String reason) {
    }

    public record Deleted(String identity) {
    }

    /** @param privateKey PKCS#8, encrypted under the DKIM key-encryption key shared with the sending service */
    public record DkimKeysCreated(String identity, java.util.List<String> tokens, String publicKey, String privateKey) {
    }

    public record DkimEnabledSet(String identity, boolean enabled) {
    }

    public record DkimStatusChanged(String identity, String status) {
    }

    /** @param mailFromDomain null disables the custom MAIL FROM domain */
    public record MailFromDomainSet(String identity, String mailFromDomain, String behaviorOnMxFailure) {
    }

    public record MailFromStatusChanged(String identity, String status) {
    }

    /** @param snsTopic null clears the topic */
    public record NotificationTopicSet(String identity, String notificationType, String snsTopic) {
    }

    public record FeedbackForwardingSet(String identity, boolean enabled) {
    }

    public record HeadersInNotificationsSet(String identity, String notificationType, boolean enabled) {
    }

    public record PolicyPut(String identity, String policyName, String policy) {
    }

    public record PolicyDeleted(String identity, String policyName) {
    }

    private IdentityEvents() {
    }
}

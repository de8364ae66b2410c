package dev.sesame.identity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/** An email address or domain identity of a tenant, as the identity projection knows it. */
@Entity
@Table(name = "identity", indexes = {@Index(name = "identity_by_tenant", columnList = "accountId, name"),
        @Index(name = "identity_by_confirmation", columnList = "confirmationTokenHash")})
public class Identity {

    /** {@code <account>:<identity>}; the identity with its domain lower-cased, since SES matches domains without case. */
    @Id
    public String id;

    @Column(nullable = false)
    public String accountId;

    /** The identity as the tenant wrote it. */
    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String verificationStatus;

    public String verificationToken;

    @Column(nullable = false)
    public Instant createdAt;

    /** When verification was last requested: the retry window of DNS checks runs from here. */
    public Instant verificationRequestedAt;

    /** SHA-256 (hex) of the token in the confirmation link last mailed to an address identity. */
    public String confirmationTokenHash;

    public Instant confirmationExpiresAt;

    /** A custom verification email's SuccessRedirectionURL and FailureRedirectionURL for the last link, or null. */
    @Column(length = 2048)
    public String confirmationSuccessUrl;

    @Column(length = 2048)
    public String confirmationFailureUrl;

    public boolean dkimEnabled;

    /** Easy DKIM: the three selector tokens, space-separated, once VerifyDomainDkim ran. */
    public String dkimTokens;

    public String dkimVerificationStatus;

    /** The DKIM public key (base64 DER, SubjectPublicKeyInfo) the platform's DNS responder serves. */
    @Column(columnDefinition = "text")
    public String dkimPublicKey;

    /** The DKIM private key, encrypted under the platform's DKIM key-encryption key. */
    @Column(columnDefinition = "text")
    public String dkimPrivateKey;

    public String mailFromDomain;

    public String behaviorOnMxFailure;

    public String mailFromDomainStatus;

    public String bounceTopic;

    public String complaintTopic;

    public String deliveryTopic;

    public boolean forwardingEnabled = true;

    public boolean headersInBounceNotifications;

    public boolean headersInComplaintNotifications;

    public boolean headersInDeliveryNotifications;

    public boolean isVerified() {
        return VerificationStatus.Success.name().equals(verificationStatus);
    }

    /** The domain of an email identity, or the domain identity itself. */
    public String domain() {
        int at = name.lastIndexOf('@');
        return at < 0 ? name.toLowerCase(java.util.Locale.ROOT) : name.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }

    public static String key(String accountId, String identity) {
        int at = identity.lastIndexOf('@');
        String normalized = at < 0 ? identity.toLowerCase(java.util.Locale.ROOT)
                : identity.substring(0, at + 1) + identity.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        return accountId + ":" + normalized;
    }
}

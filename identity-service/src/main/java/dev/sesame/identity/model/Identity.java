package dev.sesame.identity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/** An email address or domain identity of a tenant, as the identity projection knows it. */
@Entity
@Table(name = "identity", indexes = @Index(name = "identity_by_tenant", columnList = "accountId, name"))
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

    public static String key(String accountId, String identity) {
        int at = identity.lastIndexOf('@');
        String normalized = at < 0 ? identity.toLowerCase(java.util.Locale.ROOT)
                : identity.substring(0, at + 1) + identity.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        return accountId + ":" + normalized;
    }
}

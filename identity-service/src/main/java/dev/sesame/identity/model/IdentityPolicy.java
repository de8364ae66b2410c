package dev.sesame.identity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A sending-authorization policy attached to an identity. */
@Entity
@Table(name = "identity_policy", indexes = @Index(name = "policy_by_identity", columnList = "identityId, name"))
public class IdentityPolicy {

    /** {@code <identity id>/<policy name>}. */
    @Id
    public String id;

    @Column(nullable = false)
    public String identityId;

    @Column(nullable = false, length = 64)
    public String name;

    @Column(nullable = false, columnDefinition = "text")
    public String policy;

    public static String key(String identityId, String name) {
        return identityId + "/" + name;
    }
}

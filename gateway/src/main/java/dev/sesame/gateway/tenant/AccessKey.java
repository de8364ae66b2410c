package dev.sesame.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An access key of a tenant; its secret is stored encrypted ({@link SecretCipher}), never in clear. */
@Entity
@Table(name = "access_key")
public class AccessKey {

    @Id
    public String accessKeyId;

    @Column(nullable = false, length = 12)
    public String accountId;

    @Column(nullable = false, length = 512)
    public String encryptedSecret;

    public boolean active;

    @Column(nullable = false)
    public Instant createdAt;
}

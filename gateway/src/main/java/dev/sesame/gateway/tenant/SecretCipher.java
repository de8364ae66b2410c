package dev.sesame.gateway.tenant;

import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.security.SecretBox;
import jakarta.inject.Singleton;

/** Encrypts access-key secrets at rest under the operator's master key. */
@Singleton
public class SecretCipher {

    private final SecretBox box;

    public SecretCipher(GatewayConfig config) {
        this.box = new SecretBox(config.masterKey());
    }

    public String encrypt(String secret) {
        return box.seal(secret);
    }

    public String decrypt(String stored) {
        return box.open(stored);
    }
}

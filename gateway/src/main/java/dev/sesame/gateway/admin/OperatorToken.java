package dev.sesame.gateway.admin;

import dev.sesame.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The launcher's operator token (in {@code var/secrets.env}): an operator credential of the admin API, with or
 * without Keycloak, so the launcher's own commands work in both.
 */
@Singleton
public class OperatorToken {

    private final GatewayConfig config;

    public OperatorToken(GatewayConfig config) {
        this.config = config;
    }

    /** Constant-time check of an {@code Authorization} header; no token configured matches nothing. */
    public boolean matches(String authorization) {
        return config.adminToken().filter(token -> authorization != null && MessageDigest.isEqual(
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))).isPresent();
    }
}

package dev.sesame.gateway.admin;

import dev.sesame.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** The operator's bearer token that guards the admin API until Keycloak roles take over (issue 7). */
@Singleton
public class OperatorToken {

    private final GatewayConfig config;

    public OperatorToken(GatewayConfig config) {
        this.config = config;
    }

    /** Constant-time check of an {@code Authorization} header; no token configured means no admin API. */
    public boolean matches(String authorization) {
        return config.adminToken().filter(token -> authorization != null && MessageDigest.isEqual(
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    public static Response refusal() {
        return Response.status(401).entity(Map.of("message", "operator token required")).build();
    }
}

package dev.sesame.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.gateway.config.GatewayConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks a Keycloak access token of the {@code sesame} realm with quarkus-oidc (issuer, audience
 * {@code sesame-gateway}, expiry, signature through the realm's JWKS) and reads what Sesame needs from it: the
 * subject, its realm roles and the tenant it acts for.
 */
@Singleton
public class KeycloakTokens {

    /** Who a valid token speaks for. */
    public record Holder(String subject, Set<String> roles, Optional<String> tenant) {

        public boolean isOperator() {
            return roles.contains("operator");
        }

        public boolean isTenantAdminOf(String accountId) {
            return roles.contains("tenant-admin") && tenant.filter(accountId::equals).isPresent();
        }
    }

    /** The token was refused: expired, or invalid (signature, issuer, audience, shape). */
    public static final class Refused extends RuntimeException {
        private final boolean expired;

        Refused(boolean expired, Throwable cause) {
            super(expired ? "the token has expired" : "the token is not valid here", cause, false, false);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayConfig config;
    private final TenantIdentityProvider identities;

    public KeycloakTokens(GatewayConfig config, TenantIdentityProvider identities) {
        this.config = config;
        this.identities = identities;
    }

    public boolean enabled() {
        return config.keycloak().enabled();
    }

    /** The token's holder; fails with {@link Refused} when Keycloak does not vouch for it. */
    public Uni<Holder> verify(String token) {
        return identities.authenticate(new AccessTokenCredential(token))
                .onFailure().transform(failure -> new Refused(expired(token), failure))
                .map(KeycloakTokens::holder);
    }

    private static Holder holder(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new Refused(false, null);
        }
        String tenant = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("tenant") : null;
        return new Holder(identity.getPrincipal().getName(), Set.copyOf(identity.getRoles()), Optional.ofNullable(tenant));
    }

    /**
     * Whether a token that failed verification says it has expired. Its claims are read without trusting them:
     * they only choose the words of the refusal.
     */
    private static boolean expired(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").isNumber() && claims.path("exp").asLong() <= Instant.now().getEpochSecond();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}

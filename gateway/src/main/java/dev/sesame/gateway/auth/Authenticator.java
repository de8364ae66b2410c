package dev.sesame.gateway.auth;

import dev.sesame.gateway.tenant.TenantDirectory;
import dev.sesame.security.WarmUp;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import dev.sesame.gateway.tenant.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request into its tenant: SigV4 checked, access key resolved, signature compared; or, from clients that
 * are not AWS SDKs, a Keycloak access token ({@code Authorization: Bearer}) whose {@code tenant} claim names the
 * tenant. A suspended tenant is refused either way.
 */
@Singleton
public class Authenticator {

    private final SigV4 sesSigV4 = new SigV4(Set.of("ses", "email"), true);
    private final SigV4 kmsSigV4 = new SigV4(Set.of("kms"), true);
    private final TenantDirectory directory;
    private final KeycloakTokens tokens;

    public Authenticator(TenantDirectory directory, KeycloakTokens tokens) {
        this.directory = directory;
        this.tokens = tokens;
    }

    /** A request of the SES API: signed for {@code ses} (or {@code email}). */
    public Uni<AuthenticatedTenant> authenticate(SigV4.Request request) {
        return authenticate(request, sesSigV4);
    }

    /** A request of the KMS API: signed for {@code kms}. */
    public Uni<AuthenticatedTenant> authenticateKms(SigV4.Request request) {
        return authenticate(request, kmsSigV4);
    }

    /**
     * A login of SES's SMTP interface: the access key id as user name, the SMTP password derived from its secret for
     * the tenant's region (or the legacy form) as password. Null when either is wrong.
     */
    public Uni<AuthenticatedTenant> smtp(String accessKeyId, String password) {
        return directory.byAccessKey(accessKeyId).map(credentials -> credentials == null || WarmUp.ACCOUNT.equals(credentials.tenant().accountId)
                || !SmtpPassword.matches(password, credentials.secret(), credentials.tenant().region)
                ? null : caller(credentials.tenant(), credentials.tenant().region));
    }

    private Uni<AuthenticatedTenant> authenticate(SigV4.Request request, SigV4 sigV4) {
        String authorization = request.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("Authorization"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(authorization.substring(7).trim());
        }
        SigV4.Claim claim = sigV4.parse(request, Instant.now());
        return directory.byAccessKey(claim.accessKeyId()).map(credentials -> {
            if (credentials == null) {
                throw new SesException("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            }
            if (!claim.matches(credentials.secret())) {
                throw claim.mismatch();
            }
            return caller(credentials.tenant(), claim.region());
        });
    }

    private Uni<AuthenticatedTenant> bearer(String token) {
        if (!tokens.enabled()) {
            return Uni.createFrom().failure(new SesException("InvalidClientTokenId", 403,
                    "Bearer tokens need Keycloak, which is off here: sign the request with an access key (SigV4)."));
        }
        return tokens.verify(token)
                .onFailure(KeycloakTokens.Refused.class).transform(refused -> ((KeycloakTokens.Refused) refused).expired()
                        ? new SesException("ExpiredToken", 400, "The security token included in the request is expired")
                        : new SesException("InvalidClientTokenId", 403, "The security token included in the request is invalid."))
                .chain(holder -> holder.tenant().map(directory::byAccount).orElseGet(() -> Uni.createFrom().nullItem()))
                .map(tenant -> {
                    if (tenant == null) {
                        throw new SesException("AccessDenied", 403, "The token does not act for a tenant: its tenant claim is missing or unknown.");
                    }
                    return caller(tenant, tenant.region);
                });
    }

    private static AuthenticatedTenant caller(Tenant tenant, String region) {
        if (tenant.suspended) {
            throw new SesException("AccessDenied", 403, "The tenant " + tenant.name + " (" + tenant.accountId
                    + ") is suspended: its requests are refused until an operator resumes it.");
        }
        return new AuthenticatedTenant(tenant.accountId, region, tenant.sandbox, tenant.max24HourSend, tenant.maxSendRate);
    }
}

package dev.sesame.gateway.admin;

import dev.sesame.gateway.auth.KeycloakTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Who may use the admin API: the launcher's operator token, or a Keycloak token whose realm roles allow the call
 * ({@code operator} on every tenant, {@code tenant-admin} on the tenant in its {@code tenant} claim). No token is
 * 401, a token Keycloak does not vouch for (expired, another issuer, forged) is 401, a valid token without the role
 * is 403, and any token but the operator's while Keycloak is off is 503.
 */
@Singleton
public class AdminAccess {

    /** Who is calling: the launcher's operator, or a Keycloak token holder. */
    public record Principal(String name, boolean operator, KeycloakTokens.Holder holder) {

        public boolean mayActOn(String accountId) {
            return operator || holder.isTenantAdminOf(accountId);
        }
    }

    private final OperatorToken operatorToken;
    private final KeycloakTokens tokens;

    public AdminAccess(OperatorToken operatorToken, KeycloakTokens tokens) {
        this.operatorToken = operatorToken;
        this.tokens = tokens;
    }

    /** Runs the action when the caller is allowed; answers 401, 403 or 503 otherwise. */
    public Uni<Response> guard(String authorization, Predicate<Principal> allowed, Function<Principal, Uni<Response>> action) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return refuse(401, "a bearer token is required (a Keycloak access token of the sesame realm)");
        }
        if (operatorToken.matches(authorization)) {
            return permit(new Principal("launcher", true, null), allowed, action);
        }
        if (!tokens.enabled()) {
            return refuse(503, "Keycloak is off (./sesame up --no-keycloak): the admin API takes only the launcher's operator token");
        }
        return tokens.verify(authorization.substring("Bearer ".length()).trim())
                .map(holder -> new Principal(holder.subject(), holder.isOperator(), holder))
                .onItemOrFailure().transformToUni((principal, failure) -> failure != null
                        ? refuse(401, failure instanceof KeycloakTokens.Refused refused && refused.expired()
                                ? "the token has expired" : "the token is not valid here")
                        : permit(principal, allowed, action));
    }

    private static Uni<Response> permit(Principal principal, Predicate<Principal> allowed, Function<Principal, Uni<Response>> action) {
        return allowed.test(principal) ? action.apply(principal)
                : refuse(403, "the token's roles do not allow this (operator: every tenant; tenant-admin: its own tenant)");
    }

    /** A service's answer as it is (status, body, type), or 503 when the service does not answer. */
    static Uni<Response> relayed(String service, Uni<HttpResponse<Buffer>> call) {
        return call.map(answer -> Response.status(answer.statusCode()).entity(answer.bodyAsString())
                        .header("Content-Type", answer.getHeader("Content-Type")).build())
                .onFailure().recoverWithItem(failure -> Response.status(503)
                        .entity(Map.of("message", "the " + service + " service is unavailable")).build());
    }

    static Uni<Response> refuse(int status, String message) {
        return Uni.createFrom().item(Response.status(status).entity(Map.of("message", message)).build());
    }
}

package dev.sesame.service.api;

import dev.sesame.security.InternalToken;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The door of a service: every request to its REST API (everything under {@code /internal/}, and any other path
 * but the public SNS-style ones) must carry the gateway's token for this service
 * ({@link InternalToken}, signed with the internal key) in the role its route needs, checked before anything else:
 * SES and KMS actions and a tenant's metrics need a tenant's token (the tenant and its facts come from the token,
 * never from headers), confirmation links and tracking links a relayed public request, everything else (registries, operator
 * actions) an operator's. No token, a forged, expired or another service's one: 401; the wrong role: 403. Health
 * and the public SNS-style routes (signing certificate, unsubscribe links with their own seal) stay outside.
 */
@Singleton
public class InternalAccess {

    /** Where the verified claims wait for the resource. */
    static final String CLAIMS = "sesame.internal.claims";

    private final InternalToken tokens;
    private final String audience;

    public InternalAccess(@ConfigProperty(name = "sesame.internal.key") String key,
                          @ConfigProperty(name = "quarkus.application.name") String application) {
        this.tokens = new InternalToken(key);
        this.audience = audienceOf(application);
    }

    /** The audience of a service's tokens: its name without "-service" ({@code identity}, {@code sending}, …). */
    public static String audienceOf(String application) {
        return application.endsWith("-service") ? application.substring(0, application.length() - "-service".length()) : application;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(RoutingContext request) {
        String path = request.normalizedPath();
        if (isPublic(path)) {
            return Optional.empty();
        }
        String authorization = request.request().getHeader("Authorization");
        Optional<InternalToken.Claims> claims = authorization != null && authorization.startsWith("Bearer ")
                ? tokens.verify(authorization.substring("Bearer ".length()), audience, Instant.now()) : Optional.empty();
        if (claims.isEmpty()) {
            return Optional.of(refuse(401, "Unauthorized", "This is a service's internal API: only the gateway may call it."));
        }
        InternalToken.Role needed = roleFor(path);
        if (claims.get().role() != needed) {
            return Optional.of(refuse(403, "AccessDenied", "This route takes a " + needed + " token, not a " + claims.get().role() + " one."));
        }
        request.put(CLAIMS, claims.get());
        return Optional.empty();
    }

    /** Deny by default: only the SNS-style public routes (which check their own seal) are open to anyone. */
    static boolean isPublic(String path) {
        return path.startsWith("/sns/");
    }

    static InternalToken.Role roleFor(String path) {
        if (path.startsWith("/internal/ses/") || path.startsWith("/internal/kms/") || path.startsWith("/internal/metrics/")) {
            return InternalToken.Role.tenant;
        }
        if (path.equals("/internal/confirmations") || path.equals("/internal/tracking")) {
            return InternalToken.Role.relay;
        }
        return InternalToken.Role.operator;
    }

    /** The verified tenant of this request (the filter let it through with a tenant's token). */
    public static InternalToken.Claims claims(RoutingContext request) {
        return request.get(CLAIMS);
    }

    /** The key's seal for a text (e.g. an unsubscribe link's token). */
    public String seal(String purpose, String text) {
        return tokens.seal(purpose, text);
    }

    public boolean sealed(String purpose, String text, String value) {
        return tokens.sealed(purpose, text, value);
    }

    private static Response refuse(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", code, "message", message, "status", status)).build();
    }
}

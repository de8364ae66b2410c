package dev.sesame.gateway.routing;

import dev.sesame.ses.protocol.ActionOwners;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.gateway.auth.AuthenticatedTenant;
import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.security.InternalToken;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Calls a service's internal API for one action: the typed request as JSON in, the typed result as JSON out. */
@Singleton
public class ServiceClient {

    private static final Logger LOG = Logger.getLogger(ServiceClient.class);

    private final WebClient client;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final InternalToken tokens;

    public ServiceClient(Vertx vertx, GatewayConfig config, ObjectMapper json, @ConfigProperty(name = "sesame.internal.key") String internalKey) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64));
        this.config = config;
        this.json = json;
        this.tokens = new InternalToken(internalKey);
    }

    public Uni<JsonNode> call(String action, JsonNode input, AuthenticatedTenant caller, String requestId) {
        return call("ses", ActionOwners.ownerOf(action), action, input, caller, requestId);
    }

    /** A KMS operation, owned by the receipt service (whose S3 actions encrypt with the keys). */
    public Uni<JsonNode> callKms(String operation, JsonNode input, AuthenticatedTenant caller, String requestId) {
        return call("kms", ActionOwners.RECEIPT, operation, input, caller, requestId);
    }

    private Uni<JsonNode> call(String api, String service, String action, JsonNode input, AuthenticatedTenant caller, String requestId) {
        String base = service == null ? null : config.services().get(service);
        if (base == null) {
            return Uni.createFrom().failure(SesException.notImplemented(action));
        }
        return client.postAbs(base + "/internal/" + api + "/" + action)
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", bearer(InternalToken.Claims.tenant(service, caller.accountId(), caller.region(), requestId,
                        caller.sandbox(), caller.max24HourSend(), caller.maxSendRate())))
                .timeout(config.serviceTimeout().toMillis())
                .sendBuffer(Buffer.buffer(Json.encode(input)))
                .onFailure().transform(failure -> {
                    LOG.warnf("%s service did not answer %s: %s", service, action, failure.toString());
                    return unanswered(failure);
                })
                .map(response -> result(action, service, response));
    }

    /**
     * Posts to a service's internal API outside the SES actions, in the role the gateway established: an operator's
     * request, or a public one it relays (a confirmation link).
     */
    public Uni<HttpResponse<Buffer>> post(String service, InternalToken.Role role, String path, Object body) {
        String base = config.services().get(service);
        if (base == null) {
            return Uni.createFrom().failure(new IllegalStateException("no URL for the " + service + " service"));
        }
        return client.postAbs(base + "/internal/" + path)
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", bearer(InternalToken.Claims.of(service, role)))
                .timeout(config.serviceTimeout().toMillis())
                .sendBuffer(Buffer.buffer(Json.encode(body)));
    }

    /** An operator's GET of a service's internal admin API ({@code /internal/<path>}, with its query string). */
    public Uni<HttpResponse<Buffer>> get(String service, String pathAndQuery) {
        return get(service, InternalToken.Claims.of(service, InternalToken.Role.operator), pathAndQuery);
    }

    /** A GET of a service's internal API for these claims (a tenant's metrics, say). */
    public Uni<HttpResponse<Buffer>> get(String service, InternalToken.Claims claims, String pathAndQuery) {
        String base = config.services().get(service);
        if (base == null) {
            return Uni.createFrom().failure(new IllegalStateException("no URL for the " + service + " service"));
        }
        return client.getAbs(base + "/internal/" + pathAndQuery).putHeader("Authorization", bearer(claims))
                .timeout(config.serviceTimeout().toMillis()).send();
    }

    /**
     * A call the service did not answer. Not connected: the service never saw it (503, try again). Connected, then
     * no answer (it crashed or timed out): what it did is unknown, as SES's InternalFailure says, so that no client
     * is told a message was not sent that was.
     */
    static SesException unanswered(Throwable failure) {
        if (failure instanceof java.net.ConnectException || failure instanceof io.netty.channel.ConnectTimeoutException) {
            return new SesException("ServiceUnavailable", 503, "The service is unavailable. Please try again later.");
        }
        return new SesException("InternalFailure", 500,
                "The request processing has failed because of an unknown error, exception or failure.");
    }

    private String bearer(InternalToken.Claims claims) {
        return "Bearer " + tokens.sign(claims, Instant.now());
    }

    private JsonNode result(String action, String service, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        String text = response.bodyAsString();
        if (status == 404 && (text == null || text.isBlank())) {
            throw SesException.notImplemented(action); // the service has no such action (a NotFoundException has a body)
        }
        JsonNode body;
        try {
            body = json.readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (IOException e) {
            LOG.errorf("%s service answered %s with a body that is not JSON (HTTP %d)", service, action, status);
            throw new SesException("InternalFailure", 500, "The request processing has failed because of an unknown error.");
        }
        if (status >= 200 && status < 300) {
            return body;
        }
        throw new SesException(body.path("code").asText("InternalFailure"), status,
                body.path("message").asText("The request processing has failed because of an unknown error."));
    }
}

package dev.sesame.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.gateway.auth.Authenticator;
import dev.sesame.gateway.auth.SigV4;
import dev.sesame.gateway.auth.Throttle;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One KMS request (JSON protocol 1.1, {@code X-Amz-Target: TrentService.<Operation>}), end to end: authenticate
 * (SigV4 for service {@code kms}), throttle, call the receipt service, which keeps the keys, and answer in KMS's
 * JSON, errors as {@code {"__type": ..., "message": ...}}.
 */
@Singleton
public class KmsRequests {

    private static final Logger LOG = Logger.getLogger(KmsRequests.class);
    private static final String TARGET_PREFIX = "TrentService.";

    private final Authenticator authenticator;
    private final Throttle throttle;
    private final ServiceClient services;
    private final ObjectMapper json;

    /** What goes back to the client: HTTP status and the JSON body. */
    public record Answer(int status, String json, String requestId) {
    }

    public KmsRequests(Authenticator authenticator, Throttle throttle, ServiceClient services, ObjectMapper json) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.services = services;
        this.json = json;
    }

    public Uni<Answer> handle(SigV4.Request request, String target) {
        String requestId = UUID.randomUUID().toString();
        return Uni.createFrom().deferred(() -> authenticator.authenticateKms(request))
                .chain(caller -> {
                    throttle.admit(caller.accountId());
                    if (!target.startsWith(TARGET_PREFIX)) {
                        throw new SesException("UnknownOperationException", 400, "Unknown operation " + target);
                    }
                    String operation = target.substring(TARGET_PREFIX.length());
                    return services.callKms(operation, input(request.body()), caller, requestId)
                            .onFailure(SesException.class).transform(failure -> ((SesException) failure).code().equals("NotImplemented")
                                    ? new SesException("UnknownOperationException", 400, "Sesame's KMS does not support " + operation + ".")
                                    : failure);
                })
                .map(result -> new Answer(200, result.toString(), requestId))
                .onFailure().recoverWithItem(failure -> error(failure, requestId));
    }

    private JsonNode input(byte[] body) {
        try {
            JsonNode input = json.readTree(body.length == 0 ? "{}".getBytes() : body);
            if (!input.isObject()) {
                throw new IOException("not an object");
            }
            return input;
        } catch (IOException e) {
            throw new SesException("SerializationException", 400, "The request body is not a JSON object.");
        }
    }

    /** The names AWS's JSON-protocol services give the authentication faults SES names otherwise. */
    private static final Map<String, String> JSON_NAMES = Map.of("SignatureDoesNotMatch", "InvalidSignatureException",
            "InvalidClientTokenId", "UnrecognizedClientException", "MissingAuthenticationToken", "MissingAuthenticationTokenException");

    private Answer error(Throwable failure, String requestId) {
        SesException error;
        if (failure instanceof SesException e) {
            error = JSON_NAMES.containsKey(e.code()) ? new SesException(JSON_NAMES.get(e.code()), e.httpStatus(), e.getMessage()) : e;
        } else {
            LOG.errorf(failure, "request %s failed", requestId);
            error = new SesException("KMSInternalException", 500, "The request processing has failed because of an unknown error.");
        }
        return new Answer(error.httpStatus(), json.valueToTree(Map.of("__type", error.code(), "message", error.getMessage())).toString(),
                requestId);
    }
}

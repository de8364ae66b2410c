package dev.sesame.gateway.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.gateway.auth.Authenticator;
import dev.sesame.gateway.auth.SigV4;
import dev.sesame.gateway.auth.Throttle;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.ses.v2.RestJsonCodec;
import dev.sesame.ses.v2.RestJsonModel;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One SES v2 request, end to end: authenticate (SigV4 for {@code ses}, or a Keycloak token), throttle, match the
 * route of the v2 model, parse and check the input, run the operation over v1's actions, answer JSON; every error
 * as the JSON a v2 SDK maps to its typed exception.
 */
@Singleton
public class V2Requests {

    private static final Logger LOG = Logger.getLogger(V2Requests.class);
    private static final RestJsonModel MODEL = RestJsonModel.sesV2();
    private static final Map<String, V2Operation> OPERATIONS = new HashMap<>();

    static {
        OPERATIONS.putAll(V2Sending.operations());
        OPERATIONS.putAll(V2Identities.operations());
        OPERATIONS.putAll(V2ConfigurationSets.operations());
        OPERATIONS.putAll(V2Suppression.operations());
        OPERATIONS.putAll(V2Templates.operations());
    }

    /** v1's error codes as v2's, where v2 names them differently. */
    private static final Map<String, String> CODES = Map.ofEntries(Map.entry("AlreadyExists", "AlreadyExistsException"),
            Map.entry("ConfigurationSetAlreadyExists", "AlreadyExistsException"), Map.entry("EventDestinationAlreadyExists", "AlreadyExistsException"),
            Map.entry("ConfigurationSetDoesNotExist", "NotFoundException"), Map.entry("EventDestinationDoesNotExist", "NotFoundException"),
            Map.entry("TemplateDoesNotExist", "NotFoundException"), Map.entry("TrackingOptionsDoesNotExistException", "NotFoundException"),
            Map.entry("TrackingOptionsAlreadyExistsException", "AlreadyExistsException"),
            Map.entry("CustomVerificationEmailTemplateDoesNotExist", "NotFoundException"),
            Map.entry("CustomVerificationEmailTemplateAlreadyExists", "AlreadyExistsException"),
            Map.entry("LimitExceeded", "LimitExceededException"), Map.entry("Throttling", "TooManyRequestsException"),
            Map.entry("AccountSendingPausedException", "SendingPausedException"),
            Map.entry("ConfigurationSetSendingPausedException", "SendingPausedException"));
    private static final List<String> BAD_REQUESTS = List.of("InvalidParameterValue", "InvalidParameterCombination", "MissingParameter",
            "ValidationError", "InvalidCloudWatchDestination", "InvalidFirehoseDestination", "InvalidSNSDestination",
            "InvalidConfigurationSet", "InvalidPolicy", "InvalidTemplate", "InvalidRenderingParameter", "MissingRenderingAttribute",
            "InvalidTrackingOptions", "InvalidDeliveryOptions", "CustomVerificationEmailInvalidContent", "FromEmailAddressNotVerified");

    private final Authenticator authenticator;
    private final Throttle throttle;
    private final ServiceClient services;
    private final RestJsonCodec codec = new RestJsonCodec(MODEL);

    /** What goes back: the status, the JSON body, and for errors the code for {@code x-amzn-ErrorType}. */
    public record Answer(int status, String json, String errorType, String requestId) {
    }

    public V2Requests(Authenticator authenticator, Throttle throttle, ServiceClient services) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.services = services;
    }

    public Uni<Answer> handle(SigV4.Request request) {
        String requestId = UUID.randomUUID().toString();
        return Uni.createFrom().deferred(() -> authenticator.authenticate(request))
                .chain(caller -> {
                    throttle.admit(caller.accountId());
                    RestJsonModel.Match match = MODEL.match(request.method(), request.rawPath()).orElseThrow(() -> unmatched(request));
                    V2Operation operation = OPERATIONS.get(match.operation());
                    if (operation == null) {
                        throw new SesException("NotImplemented", 501, "The operation " + match.operation()
                                + " is part of the SES v2 API but Sesame does not implement it yet.");
                    }
                    return operation.run(codec.parse(match, query(request.rawQuery()), request.body()), new V1(services, caller, requestId));
                })
                .map(output -> new Answer(200, output.toString(), null, requestId))
                .onFailure().recoverWithItem(failure -> error(failure, requestId));
    }

    private static SesException unmatched(SigV4.Request request) {
        if (MODEL.pathExists(request.rawPath())) {
            return new SesException("MethodNotAllowedException", 405, "The method " + request.method() + " is not allowed on " + request.rawPath() + ".");
        }
        return new SesException("UnknownOperationException", 404, "No SES v2 operation has the path " + request.rawPath() + ".");
    }

    private static Answer error(Throwable failure, String requestId) {
        SesException error;
        if (failure instanceof SesException e) {
            String code = CODES.getOrDefault(e.code(), BAD_REQUESTS.contains(e.code()) ? "BadRequestException" : e.code());
            int status = switch (code) {
                case "NotFoundException" -> 404;
                case "TooManyRequestsException" -> 429;
                default -> e.httpStatus();
            };
            error = new SesException(code, status, e.getMessage());
        } else {
            LOG.errorf(failure, "v2 request %s failed", requestId);
            error = new SesException("InternalFailure", 500, "The request processing has failed because of an unknown error.");
        }
        RestJsonCodec.ErrorAnswer answer = RestJsonCodec.error(error);
        return new Answer(answer.status(), answer.json(), answer.code(), requestId);
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = java.net.URLDecoder.decode(pair.substring(0, eq < 0 ? pair.length() : eq), java.nio.charset.StandardCharsets.UTF_8);
                value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw RestJsonCodec.badRequest("The query string is not valid percent-encoding.");
            }
            if (!name.startsWith("X-Amz-")) {
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }
}

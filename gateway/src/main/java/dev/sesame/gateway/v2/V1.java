package dev.sesame.gateway.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.gateway.auth.AuthenticatedTenant;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.ses.protocol.QueryParser;
import dev.sesame.ses.protocol.ServiceModel;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A v2 operation's calls of v1 actions: parameters named as the Query API names them, parsed and checked by the v1
 * codec exactly as a Query request's are, then routed to the owning service. So v1 and v2 share every rule and every
 * piece of state.
 */
final class V1 {

    private final ServiceClient services;
    private final QueryParser parser = new QueryParser(ServiceModel.ses());
    private final AuthenticatedTenant caller;
    private final String requestId;

    V1(ServiceClient services, AuthenticatedTenant caller, String requestId) {
        this.services = services;
        this.caller = caller;
        this.requestId = requestId;
    }

    AuthenticatedTenant caller() {
        return caller;
    }

    /** Query parameters: {@code Destination.ToAddresses.member.1} and the like. */
    static final class Params {
        private final Map<String, String> values = new LinkedHashMap<>();

        Params put(String name, String value) {
            if (value != null) {
                values.put(name, value);
            }
            return this;
        }

        /** A text member of a v2 input, if present. */
        Params put(String name, JsonNode text) {
            return text == null || text.isMissingNode() || text.isNull() ? this : put(name, text.asText());
        }

        /** A list of strings as {@code name.member.N}. */
        Params list(String name, JsonNode items) {
            int n = 1;
            for (JsonNode item : items) {
                put(name + ".member." + n++, item.asText());
            }
            return this;
        }
    }

    static Params params() {
        return new Params();
    }

    Uni<JsonNode> call(String action, Params params) {
        return Uni.createFrom().deferred(() -> services.call(action,
                parser.parseInput(ServiceModel.ses().operation(action).orElseThrow(), params.values), caller, requestId));
    }

    /** A v2 operation with no v1 action (the suppression list): its checked v2 input, straight to its service. */
    Uni<JsonNode> direct(String operation, JsonNode input) {
        return Uni.createFrom().deferred(() -> services.call(operation, input, caller, requestId));
    }

    /** v1's {@code TemporaryFailure} as v2's {@code TEMPORARY_FAILURE}. */
    static String upperSnake(String camel) {
        return camel == null ? null : camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** v2's {@code RENDERING_FAILURE} as v1's {@code renderingFailure} (lower) or {@code RenderingFailure} (upper). */
    static String camel(String upperSnake, boolean upperFirst) {
        StringBuilder out = new StringBuilder();
        for (String part : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
            out.append(out.isEmpty() && !upperFirst ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    static SesException notFound(String message) {
        return new SesException("NotFoundException", 404, message);
    }
}

package dev.sesame.ses.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SES v2 (2019-09-27) service model, REST-JSON: each operation's HTTP method and URI template, and the shapes.
 * Read from {@code sesv2-2019-09-27.json}, the model AWS's SDKs are generated from (botocore, Apache 2.0,
 * documentation stripped), so routes and validation agree with the v2 clients.
 */
public final class RestJsonModel {

    private static final RestJsonModel SESV2 = load("sesv2-2019-09-27.json");

    private final JsonNode shapes;
    private final Map<String, JsonNode> operations;
    private final List<Route> routes;

    /** One operation's route: method and the URI template as a pattern whose groups are its labels. */
    private record Route(String operation, String method, Pattern path, List<String> labels) {
    }

    /**
     * A request matched to its operation, with the URI labels' values (decoded); {@code inBody} when it came by a
     * route that carries every member in the JSON body.
     */
    public record Match(String operation, Map<String, String> labels, boolean inBody) {
    }

    /**
     * Routes that newer SDKs use for operations this model routes otherwise, with every member in the body: in the
     * 2026 models (the AWS SDK for JavaScript v3 3.1176, for one) the list operations became POSTs.
     */
    private static final Map<String, String> BODY_ROUTES = Map.of("POST /v2/email/list-identities", "ListEmailIdentities",
            "POST /v2/email/list-configuration-sets", "ListConfigurationSets");

    private RestJsonModel(JsonNode root) {
        this.shapes = root.get("shapes");
        this.operations = new LinkedHashMap<>();
        this.routes = new ArrayList<>();
        root.get("operations").fields().forEachRemaining(e -> {
            operations.put(e.getKey(), e.getValue());
            JsonNode http = e.getValue().get("http");
            List<String> labels = new ArrayList<>();
            Matcher label = Pattern.compile("\\{([A-Za-z0-9]+)\\}").matcher(http.get("requestUri").asText());
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (label.find()) {
                regex.append(Pattern.quote(http.get("requestUri").asText().substring(last, label.start()))).append("([^/]+)");
                labels.add(label.group(1));
                last = label.end();
            }
            regex.append(Pattern.quote(http.get("requestUri").asText().substring(last)));
            routes.add(new Route(e.getKey(), http.get("method").asText(), Pattern.compile(regex.toString()), labels));
        });
    }

    public static RestJsonModel sesV2() {
        return SESV2;
    }

    /** The operation of a method and path, if one has them. */
    public Optional<Match> match(String method, String path) {
        String bodyRoute = BODY_ROUTES.get(method + " " + path);
        if (bodyRoute != null) {
            return Optional.of(new Match(bodyRoute, Map.of(), true));
        }
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (m.matches() && route.method().equals(method)) {
                Map<String, String> labels = new LinkedHashMap<>();
                for (int i = 0; i < route.labels().size(); i++) {
                    labels.put(route.labels().get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
                }
                return Optional.of(new Match(route.operation(), labels, false));
            }
        }
        return Optional.empty();
    }

    /** Whether some operation has this path under another method (405 rather than 404). */
    public boolean pathExists(String path) {
        return BODY_ROUTES.keySet().stream().anyMatch(r -> r.endsWith(" " + path)) || routes.stream().anyMatch(r -> r.path().matcher(path).matches());
    }

    public JsonNode operation(String name) {
        return operations.get(name);
    }

    public Map<String, JsonNode> operations() {
        return operations;
    }

    public JsonNode shape(String name) {
        JsonNode shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return shape;
    }

    private static RestJsonModel load(String resource) {
        try (InputStream in = RestJsonModel.class.getResourceAsStream("/dev/sesame/ses/" + resource)) {
            return new RestJsonModel(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service model " + resource, e);
        }
    }
}

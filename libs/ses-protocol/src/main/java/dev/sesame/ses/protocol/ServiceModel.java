package dev.sesame.ses.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SES 2010-12-01 service model: every action, shape and modeled error.
 *
 * <p>Read from {@code ses-2010-12-01.json}, the model AWS's own SDKs are generated from (botocore,
 * Apache 2.0, documentation stripped), so parser, validator and serializer agree with real clients.
 */
public final class ServiceModel {

    public static final String API_VERSION = "2010-12-01";
    public static final String XML_NAMESPACE = "http://ses.amazonaws.com/doc/2010-12-01/";

    private static final ServiceModel SES = load();

    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;
    private final Map<String, ErrorShape> errorsByCode;

    /** A modeled error: its wire code, HTTP status and whether the sender is at fault. */
    public record ErrorShape(String code, int httpStatus, boolean senderFault) {
    }

    private ServiceModel(Map<String, Operation> operations, Map<String, Shape> shapes, Map<String, ErrorShape> errors) {
        this.operations = operations;
        this.shapes = shapes;
        this.errorsByCode = errors;
    }

    public static ServiceModel ses() {
        return SES;
    }

    public Optional<Operation> operation(String action) {
        return Optional.ofNullable(operations.get(action));
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return shape;
    }

    /** The modeled error with this wire code (e.g. {@code AlreadyExists}), if the model names it. */
    public Optional<ErrorShape> error(String code) {
        return Optional.ofNullable(errorsByCode.get(code));
    }

    private static ServiceModel load() {
        try (InputStream in = ServiceModel.class.getResourceAsStream("ses-2010-12-01.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Operation> operations = new LinkedHashMap<>();
            root.get("operations").fields().forEachRemaining(e -> {
                JsonNode op = e.getValue();
                JsonNode output = op.get("output");
                operations.put(e.getKey(), new Operation(e.getKey(),
                        op.path("input").path("shape").asText(null),
                        output == null ? null : output.path("shape").asText(null),
                        output == null ? null : output.path("resultWrapper").asText(null),
                        op.path("inSpec").asBoolean()));
            });
            Map<String, Shape> shapes = new LinkedHashMap<>();
            Map<String, ErrorShape> errors = new LinkedHashMap<>();
            root.get("shapes").fields().forEachRemaining(e -> {
                shapes.put(e.getKey(), shape(e.getKey(), e.getValue()));
                JsonNode error = e.getValue().get("error");
                if (error != null) {
                    errors.put(error.get("code").asText(), new ErrorShape(error.get("code").asText(),
                            error.path("httpStatusCode").asInt(400), error.path("senderFault").asBoolean(true)));
                }
            });
            return new ServiceModel(Collections.unmodifiableMap(operations), Collections.unmodifiableMap(shapes),
                    Collections.unmodifiableMap(errors));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SES service model", e);
        }
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, String> members = new LinkedHashMap<>();
        node.path("members").fields().forEachRemaining(m -> members.put(m.getKey(), m.getValue().get("shape").asText()));
        LinkedHashSet<String> required = new LinkedHashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(v -> enumValues.add(v.asText()));
        return new Shape(name, Shape.Type.of(node.get("type").asText()), Collections.unmodifiableMap(members),
                Collections.unmodifiableSet(required),
                node.path("member").path("shape").asText(null),
                node.path("key").path("shape").asText(null),
                node.path("value").path("shape").asText(null),
                List.copyOf(enumValues),
                node.has("min") ? node.get("min").asLong() : null,
                node.has("max") ? node.get("max").asLong() : null,
                node.path("pattern").asText(null));
    }
}

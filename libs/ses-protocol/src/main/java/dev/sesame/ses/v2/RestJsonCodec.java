package dev.sesame.ses.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.ses.protocol.SesException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The REST-JSON protocol of SES v2, driven by its model: a request's URI labels, query string and JSON body become
 * the operation's input, checked against its shapes (required members, types, enums, lengths and ranges) as AWS
 * checks them, with AWS's {@code BadRequestException} wording for what fails; errors are the JSON the v2 SDKs map to
 * their typed exceptions ({@code x-amzn-ErrorType} and {@code {"message": …}}).
 */
public final class RestJsonCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestJsonModel model;

    public RestJsonCodec(RestJsonModel model) {
        this.model = model;
    }

    /** An error as the v2 SDKs read it: the HTTP status, the code for {@code x-amzn-ErrorType}, the JSON body. */
    public record ErrorAnswer(int status, String code, String json) {
    }

    public static ErrorAnswer error(SesException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", e.getMessage());
        return new ErrorAnswer(e.httpStatus(), e.code(), body.toString());
    }

    public static SesException badRequest(String message) {
        return new SesException("BadRequestException", 400, message);
    }

    /** The operation's input from the request's parts. */
    public ObjectNode parse(RestJsonModel.Match match, Map<String, List<String>> query, byte[] body) {
        JsonNode operation = model.operation(match.operation());
        String inputShape = operation.path("input").path("shape").asText(null);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        if (body.length > 0) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw badRequest("The request body is not valid JSON.");
            }
            if (parsed == null || !parsed.isObject()) {
                throw badRequest("The request body must be a JSON object.");
            }
            input = (ObjectNode) parsed;
        }
        if (inputShape == null) {
            return input;
        }
        JsonNode shape = model.shape(inputShape);
        Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String location = member.getValue().path("location").asText("");
            String wire = member.getValue().path("locationName").asText(member.getKey());
            JsonNode memberShape = model.shape(member.getValue().get("shape").asText());
            if (match.inBody()) {
                continue;
            }
            if (location.equals("uri")) {
                input.remove(member.getKey());
                String value = match.labels().get(wire);
                if (value != null) {
                    input.set(member.getKey(), scalar(memberShape, value, member.getKey()));
                }
            } else if (location.equals("querystring")) {
                input.remove(member.getKey());
                List<String> values = query.get(wire);
                if (values != null && !values.isEmpty()) {
                    if (memberShape.path("type").asText().equals("list")) {
                        ArrayNode list = input.putArray(member.getKey());
                        JsonNode itemShape = model.shape(memberShape.path("member").path("shape").asText());
                        values.forEach(v -> list.add(scalar(itemShape, v, member.getKey())));
                    } else {
                        input.set(member.getKey(), scalar(memberShape, values.get(0), member.getKey()));
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        check(inputShape, input, "", problems);
        if (!problems.isEmpty()) {
            throw badRequest(problems.size() + " validation error" + (problems.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", problems));
        }
        return input;
    }

    /** A URI label's or query parameter's text as the member's type. */
    private static JsonNode scalar(JsonNode shape, String text, String member) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try {
            return switch (shape.path("type").asText()) {
                case "integer", "long" -> nodes.numberNode(Long.parseLong(text));
                case "double" -> nodes.numberNode(Double.parseDouble(text));
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new NumberFormatException(text);
                    }
                    yield nodes.booleanNode(Boolean.parseBoolean(text));
                }
                default -> nodes.textNode(text);
            };
        } catch (NumberFormatException e) {
            throw badRequest("Value '" + text + "' at '" + camel(member) + "' is not a valid " + shape.path("type").asText() + ".");
        }
    }

    private void check(String shapeName, JsonNode value, String path, List<String> problems) {
        JsonNode shape = model.shape(shapeName);
        String at = path.isEmpty() ? "" : path;
        switch (shape.path("type").asText()) {
            case "structure" -> {
                if (!value.isObject()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a structure");
                    return;
                }
                shape.path("required").forEach(r -> {
                    JsonNode member = value.get(r.asText());
                    if (member == null || member.isNull()) {
                        problems.add("Value null at '" + join(at, r.asText()) + "' failed to satisfy constraint: Member must not be null");
                    }
                });
                shape.path("members").fields().forEachRemaining(m -> {
                    JsonNode member = value.get(m.getKey());
                    if (member != null && !member.isNull()) {
                        check(m.getValue().get("shape").asText(), member, join(at, m.getKey()), problems);
                    }
                });
            }
            case "list" -> {
                if (!value.isArray()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a list");
                    return;
                }
                length(shape, value.size(), value.toString(), at, problems);
                String item = shape.path("member").path("shape").asText();
                for (int i = 0; i < value.size(); i++) {
                    check(item, value.get(i), at + "." + (i + 1) + ".member", problems);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a map");
                    return;
                }
                String item = shape.path("value").path("shape").asText();
                value.fields().forEachRemaining(e -> check(item, e.getValue(), at + "." + e.getKey(), problems));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a string");
                    return;
                }
                String text = value.asText();
                if (shape.has("enum") && !contains(shape.get("enum"), text)) {
                    problems.add("Value '" + text + "' at '" + at + "' failed to satisfy constraint: Member must satisfy enum value set: "
                            + enumSet(shape.get("enum")));
                    return;
                }
                length(shape, text.codePointCount(0, text.length()), "'" + text + "'", at, problems);
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be an integer");
                    return;
                }
                range(shape, value.asDouble(), value.toString(), at, problems);
            }
            case "double" -> {
                if (!value.isNumber()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a number");
                    return;
                }
                range(shape, value.asDouble(), value.toString(), at, problems);
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a boolean");
                }
            }
            case "blob" -> {
                try {
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException();
                    }
                    Base64.getMimeDecoder().decode(value.asText());
                } catch (IllegalArgumentException e) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be base64-encoded binary data");
                }
            }
            case "timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) {
                    problems.add("Value at '" + at + "' failed to satisfy constraint: Member must be a timestamp");
                }
            }
            default -> {
                // nothing to check
            }
        }
    }

    private static void length(JsonNode shape, long length, String shown, String at, List<String> problems) {
        if (shape.has("min") && length < shape.get("min").asLong()) {
            problems.add("Value " + shown + " at '" + at + "' failed to satisfy constraint: Member must have length greater than or equal to "
                    + shape.get("min").asLong());
        } else if (shape.has("max") && length > shape.get("max").asLong()) {
            problems.add("Value at '" + at + "' failed to satisfy constraint: Member must have length less than or equal to "
                    + shape.get("max").asLong());
        }
    }

    private static void range(JsonNode shape, double number, String shown, String at, List<String> problems) {
        if (shape.has("min") && number < shape.get("min").asDouble()) {
            problems.add("Value '" + shown + "' at '" + at + "' failed to satisfy constraint: Member must have value greater than or equal to "
                    + shape.get("min").asLong());
        } else if (shape.has("max") && number > shape.get("max").asDouble()) {
            problems.add("Value '" + shown + "' at '" + at + "' failed to satisfy constraint: Member must have value less than or equal to "
                    + shape.get("max").asLong());
        }
    }

    private static boolean contains(JsonNode values, String text) {
        for (JsonNode v : values) {
            if (v.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static String enumSet(JsonNode values) {
        List<String> all = new ArrayList<>();
        values.forEach(v -> all.add(v.asText()));
        return "[" + String.join(", ", all) + "]";
    }

    /** AWS's paths name members in lower camel case: {@code content.simple.subject}. */
    private static String join(String path, String member) {
        return path.isEmpty() ? camel(member) : path + "." + camel(member);
    }

    private static String camel(String member) {
        return member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}

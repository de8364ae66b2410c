package dev.sesame.ses.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the parameters of a Query request into the typed request of its action, validated against the model.
 *
 * <p>Handles every encoding SES uses: scalars, {@code X.member.N} lists, nested structures
 * ({@code Message.Body.Text.Data}), {@code X.entry.N.key/value} maps, booleans, numbers, ISO 8601
 * timestamps and base64 blobs. The result is a JSON tree whose field names are the model's member
 * names, with numbers and booleans typed; timestamps are ISO 8601 text and blobs base64 text.
 */
public final class QueryParser {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The characters XML 1.0 cannot carry (a NUL would also reach PostgreSQL, which refuses it). */
    private static final Pattern XML_FORBIDDEN = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ServiceModel model;

    public QueryParser(ServiceModel model) {
        this.model = model;
    }

    /** A parsed request: the action and its typed, validated input. */
    public record ParsedRequest(Operation operation, ObjectNode input) {
    }

    /** Parses all parameters of a request, {@code Action} and {@code Version} included. */
    public ParsedRequest parse(Map<String, String> params) {
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw SesException.missingAction();
        }
        Operation operation = model.operation(action).orElseThrow(() -> SesException.invalidAction(action));
        String version = params.get("Version");
        // The reference's common parameters: Version is "Required: Yes", as Action is.
        if (version == null || version.isEmpty()) {
            throw SesException.missingParameter("Version");
        }
        if (!version.equals(ServiceModel.API_VERSION)) {
            throw new SesException("NoSuchVersion", 400,
                    "Could not find version " + version + " for this service; the supported version is "
                            + ServiceModel.API_VERSION + ".");
        }
        return new ParsedRequest(operation, parseInput(operation, params));
    }

    /** Parses the input structure of one action from its parameters. */
    public ObjectNode parseInput(Operation operation, Map<String, String> params) {
        if (operation.input() == null) {
            return JSON.objectNode();
        }
        return parseShape(operation.input(), params);
    }

    /** Parses any structure shape of the model from parameters named after its members. */
    public ObjectNode parseShape(String structureShape, Map<String, String> params) {
        return structure(model.shape(structureShape), "", new TreeMap<>(params));
    }

    private ObjectNode structure(Shape shape, String prefix, NavigableMap<String, String> params) {
        ObjectNode node = JSON.objectNode();
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            String key = prefix + member.getKey();
            JsonNode value = value(model.shape(member.getValue()), key, params);
            Shape memberShape = model.shape(member.getValue());
            if (value == null && shape.required().contains(member.getKey()) && memberShape.type() == Shape.Type.STRUCTURE
                    && memberShape.required().isEmpty()) {
                // An empty structure has no parameters on the wire (the SDKs send nothing for TrackingOptions={}):
                // required, it is present and empty.
                value = JSON.objectNode();
            }
            if (value != null) {
                node.set(member.getKey(), value);
            } else if (shape.required().contains(member.getKey())) {
                throw SesException.missingParameter(key);
            }
        }
        return node;
    }

    private JsonNode value(Shape shape, String key, NavigableMap<String, String> params) {
        return switch (shape.type()) {
            case STRUCTURE -> under(key, params).isEmpty() ? null : structure(shape, key + ".", params);
            case LIST -> list(shape, key, params);
            case MAP -> map(shape, key, params);
            default -> params.containsKey(key) ? scalar(shape, key, params.get(key)) : null;
        };
    }

    private JsonNode list(Shape shape, String key, NavigableMap<String, String> params) {
        SortedMap<String, String> items = under(key + ".member", params);
        if (items.isEmpty()) {
            // An empty list travels as the bare name with no value.
            return params.containsKey(key) ? checkSize(shape, key, JSON.arrayNode()) : null;
        }
        ArrayNode array = JSON.arrayNode();
        Shape element = model.shape(shape.member());
        for (int index : indices(key + ".member.", items)) {
            JsonNode item = value(element, key + ".member." + index, params);
            if (item == null) {
                // X.member.01 or X.member.1.5 names no item X.member.1: a hole no client leaves.
                throw SesException.missingParameter(key + ".member." + index);
            }
            array.add(item);
        }
        return checkSize(shape, key, array);
    }

    private JsonNode map(Shape shape, String key, NavigableMap<String, String> params) {
        SortedMap<String, String> entries = under(key + ".entry", params);
        if (entries.isEmpty()) {
            return params.containsKey(key) ? JSON.objectNode() : null;
        }
        ObjectNode map = JSON.objectNode();
        Shape valueShape = model.shape(shape.value());
        for (int index : indices(key + ".entry.", entries)) {
            String entry = key + ".entry." + index;
            String k = params.get(entry + ".key");
            if (k == null) {
                throw SesException.missingParameter(entry + ".key");
            }
            JsonNode v = value(valueShape, entry + ".value", params);
            if (v == null) {
                throw SesException.missingParameter(entry + ".value");
            }
            map.set(k, v);
        }
        return map;
    }

    private static TreeSet<Integer> indices(String prefix, SortedMap<String, String> items) {
        TreeSet<Integer> indices = new TreeSet<>();
        for (String name : items.keySet()) {
            String rest = name.substring(prefix.length());
            int dot = rest.indexOf('.');
            String number = dot < 0 ? rest : rest.substring(0, dot);
            try {
                int index = Integer.parseInt(number);
                if (index < 1) {
                    throw new NumberFormatException();
                }
                indices.add(index);
            } catch (NumberFormatException e) {
                throw SesException.invalidParameterValue("The parameter " + name + " has an invalid index; "
                        + "list and map indices are positive integers starting at 1.");
            }
        }
        return indices;
    }

    /** Parameters named {@code key.…} (only those with a dot after the key, so {@code Tags} does not take {@code TagsX}). */
    private static SortedMap<String, String> under(String key, NavigableMap<String, String> params) {
        String from = key + ".";
        return params.subMap(from, true, key + "/", false);
    }

    private JsonNode scalar(Shape shape, String key, String text) {
        return switch (shape.type()) {
            case STRING -> JSON.textNode(checkString(shape, key, text));
            case INTEGER, LONG -> {
                try {
                    long n = Long.parseLong(text.trim());
                    checkRange(shape, key, n, text);
                    yield shape.type() == Shape.Type.INTEGER ? JSON.numberNode(Math.toIntExact(n)) : JSON.numberNode(n);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw invalid(key, text, "an integer");
                }
            }
            case DOUBLE -> {
                try {
                    yield JSON.numberNode(Double.parseDouble(text.trim()));
                } catch (NumberFormatException e) {
                    throw invalid(key, text, "a number");
                }
            }
            case BOOLEAN -> {
                if (text.equalsIgnoreCase("true")) {
                    yield JSON.booleanNode(true);
                }
                if (text.equalsIgnoreCase("false")) {
                    yield JSON.booleanNode(false);
                }
                throw invalid(key, text, "true or false");
            }
            case TIMESTAMP -> JSON.textNode(parseTimestamp(key, text).toString());
            case BLOB -> {
                try {
                    yield JSON.textNode(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""))));
                } catch (IllegalArgumentException e) {
                    throw invalid(key, "(blob)", "base64-encoded data");
                }
            }
            default -> throw new IllegalStateException("not a scalar: " + shape);
        };
    }

    static Instant parseTimestamp(String key, String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException again) {
                throw invalid(key, text, "an ISO 8601 timestamp");
            }
        }
    }

    private static String checkString(Shape shape, String key, String text) {
        if (XML_FORBIDDEN.matcher(text).find()) {
            // Not echoed: an answer cannot carry it either.
            throw invalid(key, "(text with a control character)", "text without the control characters XML 1.0 forbids (U+0000 to U+001F but tab, "
                    + "line feed and carriage return)");
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            // AWS lists the values in alphabetical order, not the model's (docs/aws-errors.md).
            throw validation(key, text, "Member must satisfy enum value set: " + new java.util.TreeSet<>(shape.enumValues()));
        }
        if (shape.min() != null && text.length() < shape.min()) {
            throw validation(key, text, "Member must have length greater than or equal to " + shape.min());
        }
        if (shape.max() != null && text.length() > shape.max()) {
            throw validation(key, text, "Member must have length less than or equal to " + shape.max());
        }
        if (shape.pattern() != null && !Pattern.compile(shape.pattern()).matcher(text).matches()) {
            throw validation(key, text, "Member must satisfy regular expression pattern: " + shape.pattern());
        }
        return text;
    }

    private static void checkRange(Shape shape, String key, long n, String text) {
        if (shape.min() != null && n < shape.min()) {
            throw validation(key, text, "Member must have value greater than or equal to " + shape.min());
        }
        if (shape.max() != null && n > shape.max()) {
            throw validation(key, text, "Member must have value less than or equal to " + shape.max());
        }
    }

    private static JsonNode checkSize(Shape shape, String key, ArrayNode array) {
        if (shape.min() != null && array.size() < shape.min()) {
            throw validation(key, "[...]", "Member must have length greater than or equal to " + shape.min());
        }
        if (shape.max() != null && array.size() > shape.max()) {
            throw validation(key, "[...]", "Member must have length less than or equal to " + shape.max());
        }
        return array;
    }

    private static SesException invalid(String key, String text, String expected) {
        return SesException.invalidParameterValue(
                "Value '" + text + "' for parameter " + key + " is invalid. It must be " + expected + ".");
    }

    private static SesException validation(String key, String text, String constraint) {
        return new SesException("ValidationError", 400,
                "1 validation error detected: Value '" + text + "' at '" + memberPath(key) + "' failed to satisfy constraint: " + constraint);
    }

    /**
     * A Query key as AWS names the member in a validation error: each name in lower camel case, a list item as
     * {@code N.member} ({@code IdentityType} is {@code identityType}; {@code Destinations.member.2.Name} is
     * {@code destinations.2.member.name}).
     */
    static String memberPath(String key) {
        String[] parts = key.split("\\.");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("member") && i + 1 < parts.length && parts[i + 1].chars().allMatch(Character::isDigit)) {
                part = parts[++i] + ".member";
            } else if (!part.isEmpty()) {
                part = Character.toLowerCase(part.charAt(0)) + part.substring(1);
            }
            path.append(path.isEmpty() ? "" : ".").append(part);
        }
        return path.toString();
    }
}

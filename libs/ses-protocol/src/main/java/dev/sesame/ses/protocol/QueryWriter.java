package dev.sesame.ses.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mirror of {@link QueryParser}: encodes a typed request as Query parameters, the way AWS SDKs do.
 *
 * <p>Used by tests to prove parsing round-trips, and by anything in Sesame that calls an SES endpoint.
 */
public final class QueryWriter {

    private final ServiceModel model;

    public QueryWriter(ServiceModel model) {
        this.model = model;
    }

    public Map<String, String> write(Operation operation, JsonNode input) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", operation.name());
        params.put("Version", ServiceModel.API_VERSION);
        if (operation.input() != null) {
            members(model.shape(operation.input()), "", input, params);
        }
        return params;
    }

    /** {@code a=1&b=x%20y}, percent-encoded as SigV4 canonical form (RFC 3986 unreserved characters kept). */
    public static String encode(Map<String, String> params) {
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(percentEncode(k)).append('=').append(percentEncode(v));
        });
        return form.toString();
    }

    public static String percentEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private void members(Shape shape, String prefix, JsonNode node, Map<String, String> params) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode value = node.get(member.getKey());
            if (value != null && !value.isNull()) {
                value(model.shape(member.getValue()), prefix + member.getKey(), value, params);
            }
        }
    }

    private void value(Shape shape, String key, JsonNode value, Map<String, String> params) {
        switch (shape.type()) {
            case STRUCTURE -> members(shape, key + ".", value, params);
            case LIST -> {
                if (value.isEmpty()) {
                    params.put(key, "");
                }
                int i = 1;
                for (JsonNode item : value) {
                    value(model.shape(shape.member()), key + ".member." + i++, item, params);
                }
            }
            case MAP -> {
                int i = 1;
                Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    params.put(key + ".entry." + i + ".key", entry.getKey());
                    value(model.shape(shape.value()), key + ".entry." + i + ".value", entry.getValue(), params);
                    i++;
                }
            }
            default -> params.put(key, value.asText());
        }
    }
}

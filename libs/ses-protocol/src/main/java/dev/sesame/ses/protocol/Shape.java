package dev.sesame.ses.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** One shape of the SES service model: a structure, list, map or scalar, with its constraints. */
public record Shape(
        String name,
        Type type,
        Map<String, String> members,
        Set<String> required,
        String member,
        String key,
        String value,
        List<String> enumValues,
        Long min,
        Long max,
        String pattern) {

    public enum Type {
        STRUCTURE, LIST, MAP, STRING, INTEGER, LONG, DOUBLE, BOOLEAN, TIMESTAMP, BLOB;

        static Type of(String modelName) {
            return valueOf(modelName.toUpperCase(java.util.Locale.ROOT));
        }
    }
}

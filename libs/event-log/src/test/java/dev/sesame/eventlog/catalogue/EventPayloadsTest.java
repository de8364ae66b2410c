package dev.sesame.eventlog.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each event type's payload record writes the JSON its schema in {@code docs/events/} describes: every property the
 * record writes is documented, with a JSON type the schema allows (nested records against their nested schemas),
 * and every property the schema requires is one the record writes. Writers cannot give a type another payload.
 */
class EventPayloadsTest {

    private static final Path DOCS = Path.of("../../docs/events");
    private static final ObjectMapper READ = new ObjectMapper();

    @Test
    void everyPayloadRecordWritesWhatItsSchemaDescribes() throws IOException {
        List<String> problems = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (type == EventType.UNCATALOGUED) {
                continue;
            }
            Path file = schemaFile(type);
            compare(type.wireName(), type.payloadType(), READ.readTree(file.toFile()), file, problems);
        }
        assertEquals(List.of(), problems);
    }

    /** A mutation the test must see: a record property the schema does not document. */
    @Test
    void anUndocumentedPropertyIsFound() throws IOException {
        record Wider(String identity, String nickname) {
        }
        List<String> problems = new ArrayList<>();
        Path file = schemaFile(EventType.IDENTITY_DELETED);
        compare("IdentityDeleted", Wider.class, READ.readTree(file.toFile()), file, problems);
        assertEquals(List.of("IdentityDeleted.nickname is not in its schema"), problems);
    }

    @Test
    void aTypeTakesOnlyItsOwnRecordAndReadsItBack() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> EventEnvelope.of(EventType.IDENTITY_DELETED, "123456789012", "a.example", null,
                new IdentityEvents.PolicyDeleted("a.example", "p")));
        var payload = new IdentityEvents.MailFromDomainSet("a.example", null, "UseDefaultValue");
        EventEnvelope written = EventEnvelope.of(EventType.IDENTITY_MAIL_FROM_DOMAIN_SET, "123456789012", "a.example", "r", payload);
        try (EventCodec codec = new EventCodec()) {
            EventEnvelope read = codec.deserialize("t", codec.serialize("t", written));
            assertEquals(payload, read.payloadAs(IdentityEvents.MailFromDomainSet.class));
            assertTrue(read.payload().has("mailFromDomain"), "a null member is written as null: " + read.payload());
        }
    }

    private static Path schemaFile(EventType type) throws IOException {
        String name = type.payloadType() == SendingEvents.SesEventRecord.class ? "ses-event-record" : type.wireName();
        try (Stream<Path> files = Files.walk(DOCS)) {
            return files.filter(path -> path.getFileName().toString().equals(name + ".schema.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no schema for " + type.wireName()));
        }
    }

    private static void compare(String where, Class<?> record, JsonNode schema, Path file, List<String> problems) throws IOException {
        schema = resolved(schema, file);
        JsonNode properties = schema.path("properties");
        Set<String> written = new TreeSet<>();
        BeanDescription description = EventCodec.JSON.getSerializationConfig().introspect(EventCodec.JSON.constructType(record));
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (!property.couldSerialize()) {
                continue;
            }
            String name = property.getName();
            written.add(name);
            JsonNode documented = properties.get(name);
            if (documented == null) {
                problems.add(where + "." + name + " is not in its schema");
                continue;
            }
            documented = resolved(documented, file);
            Class<?> javaType = property.getRawPrimaryType();
            String json = jsonType(javaType);
            Set<String> allowed = allowedTypes(documented, file);
            if (json != null && !allowed.isEmpty() && !allowed.contains(json) && !(json.equals("integer") && allowed.contains("number"))) {
                problems.add(where + "." + name + " is written as " + json + ", the schema allows " + allowed);
            }
            if (javaType.isRecord() && documented.has("properties")) {
                compare(where + "." + name, javaType, documented, file, problems);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!written.contains(required.asText())) {
                problems.add(where + " does not write the required " + required.asText());
            }
        }
    }

    /** The JSON type a Java type is written as; null for a tree, which may be anything. */
    private static String jsonType(Class<?> type) {
        if (type == String.class || type == Instant.class || type.isEnum()) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "integer";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (JsonNode.class == type) {
            return null;
        }
        return "object"; // a Map, an ObjectNode or a record
    }

    private static Set<String> allowedTypes(JsonNode schema, Path file) throws IOException {
        schema = resolved(schema, file);
        Set<String> allowed = new HashSet<>();
        if (schema.path("type").isTextual()) {
            allowed.add(schema.get("type").asText());
        }
        schema.path("type").forEach(t -> allowed.add(t.asText()));
        for (JsonNode value : schema.has("enum") ? schema.get("enum") : READ.createArrayNode().add(schema.path("const"))) {
            if (!value.isMissingNode()) {
                allowed.add(value.isNull() ? "null" : value.isTextual() ? "string" : value.isBoolean() ? "boolean" : "number");
            }
        }
        for (String union : List.of("oneOf", "anyOf")) {
            for (JsonNode option : schema.path(union)) {
                allowed.addAll(allowedTypes(option, file));
            }
        }
        return allowed;
    }

    /** A {@code $ref} (to another file beside this one, with a JSON pointer) followed. */
    private static JsonNode resolved(JsonNode schema, Path file) throws IOException {
        if (!schema.has("$ref")) {
            return schema;
        }
        String ref = schema.get("$ref").asText();
        int hash = ref.indexOf('#');
        String target = hash < 0 ? ref : ref.substring(0, hash);
        JsonNode document = READ.readTree((target.isEmpty() ? file : file.resolveSibling(target)).toFile());
        return hash < 0 ? document : document.at(ref.substring(hash + 1));
    }
}

package dev.sesame.eventlog.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The catalogue and the documented contract ({@code docs/events/}) name the same events on the same topics: a type
 * the code writes without a schema, or a schema no code writes, fails here.
 */
class EventCatalogueTest {

    private static final Path DOCS = Path.of("../../docs/events");
    private static final Set<EventType> SES_RECORDS = Set.of(EventType.SEND, EventType.REJECT, EventType.BOUNCE, EventType.COMPLAINT,
            EventType.DELIVERY, EventType.OPEN, EventType.CLICK, EventType.RENDERING_FAILURE);

    private static Set<String> catalogued(Stream<EventType> types) {
        return types.filter(type -> type != EventType.UNCATALOGUED).map(EventType::wireName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyCataloguedTypeHasItsOwnSchemaAndEverySchemaIsCatalogued() throws IOException {
        Set<String> documented;
        try (Stream<Path> files = Files.walk(DOCS)) {
            documented = files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".schema.json"))
                    .map(name -> name.substring(0, name.length() - ".schema.json".length()))
                    .filter(name -> !name.equals("envelope") && !name.equals("ses-event-record"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(documented, catalogued(Arrays.stream(EventType.values()).filter(type -> !SES_RECORDS.contains(type))));
    }

    @Test
    void theSesRecordTypesAreTheOnesTheirSchemaAllows() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(DOCS.resolve("sending/ses-event-record.schema.json").toFile());
        Set<String> allowed = StreamSupport.stream(schema.at("/properties/eventType/enum").spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(allowed, catalogued(SES_RECORDS.stream()));
        SES_RECORDS.forEach(type -> assertEquals(Topics.SENDING, type.topic(), type.name()));
    }

    /** The events README's table: one row per topic, naming the types written to it. */
    @Test
    void theReadmeListsEachTypeUnderTheTopicItIsWrittenTo() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(DOCS.resolve("README.md"))) {
            if (line.startsWith("| `sesame.")) {
                rows.put(line.substring(3, line.indexOf('`', 3)), line);
            }
        }
        Set<String> topics = new TreeSet<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                topics.add((String) field.get(null));
            }
        }
        assertEquals(topics, rows.keySet(), "one row per topic of Topics");
        for (EventType type : EventType.values()) {
            if (type == EventType.UNCATALOGUED) {
                continue;
            }
            String row = rows.get(type.topic());
            assertTrue(row.contains("`" + type.wireName() + "`") || row.contains("[`" + type.wireName() + "`]"),
                    type.wireName() + " is listed under " + type.topic());
        }
    }

    @Test
    void wireNamesReadBackAsTheirTypeAndUnknownOnesAsUncatalogued() {
        for (EventType type : EventType.values()) {
            if (type != EventType.UNCATALOGUED) {
                assertEquals(type, EventType.of(type.wireName()));
                assertTrue(type.is(type.wireName()));
            }
        }
        assertEquals(EventType.UNCATALOGUED, EventType.of("SomethingNewer"));
        assertEquals(EventType.UNCATALOGUED, EventType.of(null));
        assertTrue(!EventType.UNCATALOGUED.is(null));
    }
}

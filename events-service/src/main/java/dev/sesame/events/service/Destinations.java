package dev.sesame.events.service;

import dev.sesame.eventlog.catalogue.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.events.model.ConfigurationSets;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Which destinations a record of the sending stream goes to, and the dimension values it carries there. */
@Singleton
public class Destinations {

    private final ConfigurationSets sets;

    public Destinations(ConfigurationSets sets) {
        this.sets = sets;
    }

    /** The enabled destinations of the record's configuration set whose MatchingEventTypes include its type. */
    public List<ConfigurationSetEvents.Destination> of(String accountId, JsonNode record) {
        JsonNode set = record.at("/mail/tags/ses:configuration-set/0");
        if (set.isMissingNode()) {
            return List.of();
        }
        String type = record.path("eventType").asText();
        // "Rendering Failure" matches renderingFailure.
        String matching = type.substring(0, 1).toLowerCase(Locale.ROOT) + type.substring(1).replace(" ", "");
        List<ConfigurationSetEvents.Destination> destinations = new ArrayList<>();
        sets.find(accountId, set.asText()).ifPresent(found -> found.destinations().values().stream()
                .filter(d -> d.enabled() && d.matchingEventTypes().contains(matching)).forEach(destinations::add));
        return destinations;
    }

    /**
     * Whether a record of the tenant can have a destination {@code kind} accepts: false when none of its sets has
     * one, so its records need not be read.
     */
    public boolean any(String accountId, Predicate<ConfigurationSetEvents.Destination> kind) {
        return sets.anyDestination(accountId, kind);
    }

    /** Each dimension's value: the message tag, the email header, or the dimension's default. */
    public static Map<String, String> dimensions(ConfigurationSetEvents.CloudWatch cloudWatch, JsonNode record) {
        Map<String, String> values = new TreeMap<>();
        for (ConfigurationSetEvents.Dimension dimension : cloudWatch.dimensions()) {
            String value = null;
            if (dimension.source().equals("messageTag")) {
                JsonNode tag = record.at("/mail/tags").path(dimension.name()).path(0);
                value = tag.isMissingNode() ? null : tag.asText();
            } else {
                for (JsonNode header : record.at("/mail/headers")) {
                    if (header.path("name").asText().equalsIgnoreCase(dimension.name())) {
                        value = header.path("value").asText();
                    }
                }
            }
            values.put(dimension.name(), value == null || value.isEmpty() ? dimension.defaultValue() : value);
        }
        return values;
    }

    /** How many emails a record counts for: its recipients for outcomes, one for a send or reject. */
    public static int count(JsonNode record) {
        return switch (EventType.of(record.path("eventType").asText())) {
            case DELIVERY -> record.at("/delivery/recipients").size();
            case BOUNCE -> record.at("/bounce/bouncedRecipients").size();
            case COMPLAINT -> record.at("/complaint/complainedRecipients").size();
            default -> 1;
        };
    }
}

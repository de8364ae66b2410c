package dev.sesame.configsets.model;

import java.util.List;

/**
 * The events of {@code sesame.configuration-sets.events} (schemas in {@code docs/events/configuration-sets/}),
 * keyed by tenant. The sending service reads them to know which configuration sets exist.
 */
public final class ConfigurationSetEvents {

    public static final String TOPIC = "sesame.configuration-sets.events";

    public static final String CREATED = "ConfigurationSetCreated";
    public static final String DELETED = "ConfigurationSetDeleted";
    public static final String DESTINATION_CREATED = "EventDestinationCreated";
    public static final String DESTINATION_UPDATED = "EventDestinationUpdated";
    public static final String DESTINATION_DELETED = "EventDestinationDeleted";

    public record Created(String configurationSet) {
    }

    public record Deleted(String configurationSet) {
    }

    /** A destination as created or updated: exactly one of cloudWatch or firehose. */
    public record Destination(String name, boolean enabled, List<String> matchingEventTypes, CloudWatch cloudWatch, Firehose firehose) {
    }

    public record CloudWatch(List<Dimension> dimensions) {
    }

    /** @param source {@code messageTag} or {@code emailHeader} */
    public record Dimension(String name, String source, String defaultValue) {
    }

    public record Firehose(String iamRoleArn, String deliveryStreamArn) {

        /** The stream name, the last part of the delivery stream ARN. */
        public String streamName() {
            return deliveryStreamArn.substring(deliveryStreamArn.lastIndexOf('/') + 1);
        }
    }

    public record DestinationChanged(String configurationSet, Destination destination) {
    }

    public record DestinationDeleted(String configurationSet, String destination) {
    }

    private ConfigurationSetEvents() {
    }
}

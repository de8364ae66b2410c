package dev.sesame.eventlog.catalogue;

import java.util.List;

/**
 * The events of {@code sesame.configuration-sets.events} (schemas in {@code docs/events/configuration-sets/}),
 * keyed by tenant. The sending service reads them to know which configuration sets exist.
 */
public final class ConfigurationSetEvents {

    public record Created(String configurationSet) {
    }

    public record Deleted(String configurationSet) {
    }

    /** A destination as created or updated: exactly one of cloudWatch, firehose or sns. */
    public record Destination(String name, boolean enabled, List<String> matchingEventTypes, CloudWatch cloudWatch, Firehose firehose,
                              Sns sns) {
    }

    /** An SNS destination: each matching record, as JSON, is the Message of a publication to the topic. */
    public record Sns(String topicArn) {
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

    /** UpdateConfigurationSetSendingEnabled and UpdateConfigurationSetReputationMetricsEnabled. */
    public record EnabledSet(String configurationSet, boolean enabled) {
    }

    /** PutConfigurationSetDeliveryOptions; {@code tlsPolicy} is {@code Require} or {@code Optional}. */
    public record DeliveryOptionsPut(String configurationSet, String tlsPolicy) {
    }

    /** Create- and UpdateConfigurationSetTrackingOptions; {@code customRedirectDomain} may be null (Sesame's own). */
    public record TrackingOptionsSet(String configurationSet, String customRedirectDomain) {
    }

    public record TrackingOptionsDeleted(String configurationSet) {
    }

    /**
     * An operator registered where a Firehose delivery stream's records go.
     *
     * @param type {@code local}, {@code http} or {@code s3}
     * @param sealedSecretKey the S3 secret key, sealed under the platform's secret key, or null
     */
    public record DeliveryStreamRegistered(String deliveryStreamArn, String type, String url, String bucket, String region,
                                           String accessKey, String sealedSecretKey) {
    }

    private ConfigurationSetEvents() {
    }
}

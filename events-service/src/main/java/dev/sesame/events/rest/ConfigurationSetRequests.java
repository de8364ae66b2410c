package dev.sesame.events.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The events service's SES requests (configuration sets): one record per action, components named after the model's members
 * (structures as records of their own); {@code ActionRoutingTest} holds each equal to the action's input shape.
 */
public final class ConfigurationSetRequests {

    private ConfigurationSetRequests() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateConfigurationSetRequest(ConfigurationSet configurationSet) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteConfigurationSetRequest(String configurationSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DescribeConfigurationSetRequest(String configurationSetName, List<String> configurationSetAttributeNames) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListConfigurationSetsRequest(String nextToken, Integer maxItems) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateConfigurationSetEventDestinationRequest(String configurationSetName, EventDestination eventDestination) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateConfigurationSetEventDestinationRequest(String configurationSetName, EventDestination eventDestination) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteConfigurationSetEventDestinationRequest(String configurationSetName, String eventDestinationName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateConfigurationSetSendingEnabledRequest(String configurationSetName, Boolean enabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateConfigurationSetReputationMetricsEnabledRequest(String configurationSetName, Boolean enabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record PutConfigurationSetDeliveryOptionsRequest(String configurationSetName, DeliveryOptions deliveryOptions) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateConfigurationSetTrackingOptionsRequest(String configurationSetName, TrackingOptions trackingOptions) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateConfigurationSetTrackingOptionsRequest(String configurationSetName, TrackingOptions trackingOptions) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteConfigurationSetTrackingOptionsRequest(String configurationSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ConfigurationSet(String name) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EventDestination(String name, Boolean enabled, List<String> matchingEventTypes,
                                   KinesisFirehoseDestination kinesisFirehoseDestination,
                                   CloudWatchDestination cloudWatchDestination,
                                   @JsonProperty("SNSDestination") SNSDestination snsDestination) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeliveryOptions(String tlsPolicy) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record TrackingOptions(String customRedirectDomain) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record KinesisFirehoseDestination(@JsonProperty("IAMRoleARN") String iamRoleARN, String deliveryStreamARN) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CloudWatchDestination(List<CloudWatchDimensionConfiguration> dimensionConfigurations) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SNSDestination(String topicARN) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CloudWatchDimensionConfiguration(String dimensionName, String dimensionValueSource,
                                                   String defaultDimensionValue) {
    }
}


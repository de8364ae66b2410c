package dev.sesame.gateway.v2;

import static dev.sesame.gateway.v2.V1.params;
import static dev.sesame.gateway.v2.V1.upperSnake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.ses.v2.RestJsonCodec;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/** Configuration sets and their event destinations in v2's shapes, over v1's configuration-set actions. */
final class V2ConfigurationSets {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** v2 options Sesame does not keep yet: refused rather than silently dropped. */
    private static final List<String> UNSUPPORTED = List.of("SuppressionOptions", "VdmOptions", "ArchivingOptions");
    private static final List<String> ALL_ATTRIBUTES = List.of("eventDestinations", "trackingOptions", "deliveryOptions", "reputationOptions");

    private V2ConfigurationSets() {
    }

    static Map<String, V2Operation> operations() {
        return Map.ofEntries(Map.entry("CreateConfigurationSet", V2ConfigurationSets::create),
                Map.entry("GetConfigurationSet", V2ConfigurationSets::get),
                Map.entry("ListConfigurationSets", V2ConfigurationSets::list), Map.entry("DeleteConfigurationSet", V2ConfigurationSets::delete),
                Map.entry("CreateConfigurationSetEventDestination", V2ConfigurationSets::createDestination),
                Map.entry("GetConfigurationSetEventDestinations", V2ConfigurationSets::destinations),
                Map.entry("UpdateConfigurationSetEventDestination", V2ConfigurationSets::updateDestination),
                Map.entry("DeleteConfigurationSetEventDestination", V2ConfigurationSets::deleteDestination),
                Map.entry("PutConfigurationSetSendingOptions", (input, v1) -> sendingOptions(input, v1, input).map(r -> empty())),
                Map.entry("PutConfigurationSetReputationOptions", (input, v1) -> reputationOptions(input, v1, input).map(r -> empty())),
                Map.entry("PutConfigurationSetDeliveryOptions", (input, v1) -> deliveryOptions(input, v1, input).map(r -> empty())),
                Map.entry("PutConfigurationSetTrackingOptions", (input, v1) -> trackingOptions(input, v1, input).map(r -> empty())));
    }

    private static JsonNode empty() {
        return NODES.objectNode();
    }

    private static V1.Params named(ObjectNode input) {
        return params().put("ConfigurationSetName", input.get("ConfigurationSetName"));
    }

    private static Uni<JsonNode> sendingOptions(ObjectNode input, V1 v1, JsonNode options) {
        return v1.call("UpdateConfigurationSetSendingEnabled", named(input)
                .put("Enabled", String.valueOf(options.path("SendingEnabled").asBoolean(false))));
    }

    private static Uni<JsonNode> reputationOptions(ObjectNode input, V1 v1, JsonNode options) {
        return v1.call("UpdateConfigurationSetReputationMetricsEnabled", named(input)
                .put("Enabled", String.valueOf(options.path("ReputationMetricsEnabled").asBoolean(false))));
    }

    /** v2's TlsPolicy as v1 keeps it; SendingPoolName and MaxDeliverySeconds have no v1 counterpart and are refused. */
    private static Uni<JsonNode> deliveryOptions(ObjectNode input, V1 v1, JsonNode options) {
        if (options.has("SendingPoolName") || options.has("MaxDeliverySeconds")) {
            return Uni.createFrom().failure(RestJsonCodec.badRequest("SendingPoolName and MaxDeliverySeconds are not supported by Sesame."));
        }
        String policy = options.path("TlsPolicy").asText("OPTIONAL");
        return v1.call("PutConfigurationSetDeliveryOptions", named(input)
                .put("DeliveryOptions.TlsPolicy", V1.camel(policy, true)));
    }

    /** v2's put is v1's create or update, whichever applies; an empty CustomRedirectDomain is Sesame's own. */
    private static Uni<JsonNode> trackingOptions(ObjectNode input, V1 v1, JsonNode options) {
        return v1.call("DescribeConfigurationSet", named(input).put("ConfigurationSetAttributeNames.member.1", "trackingOptions"))
                .flatMap(described -> v1.call(described.has("TrackingOptions") ? "UpdateConfigurationSetTrackingOptions"
                        : "CreateConfigurationSetTrackingOptions", named(input)
                        .put("TrackingOptions.CustomRedirectDomain", options.path("CustomRedirectDomain"))));
    }

    private static Uni<JsonNode> create(ObjectNode input, V1 v1) {
        for (String option : UNSUPPORTED) {
            if (input.has(option)) {
                return Uni.createFrom().failure(RestJsonCodec.badRequest(option + " is not supported by Sesame yet."));
            }
        }
        if (input.path("DeliveryOptions").has("SendingPoolName") || input.path("DeliveryOptions").has("MaxDeliverySeconds")) {
            return Uni.createFrom().failure(RestJsonCodec.badRequest("SendingPoolName and MaxDeliverySeconds are not supported by Sesame."));
        }
        // v1 sets the options one action at a time: the set is created first, then each option given is applied.
        Uni<JsonNode> done = v1.call("CreateConfigurationSet", params().put("ConfigurationSet.Name", input.get("ConfigurationSetName")));
        if (input.has("SendingOptions")) {
            done = done.flatMap(r -> sendingOptions(input, v1, input.get("SendingOptions")));
        }
        if (input.has("ReputationOptions")) {
            done = done.flatMap(r -> reputationOptions(input, v1, input.get("ReputationOptions")));
        }
        if (input.has("DeliveryOptions")) {
            done = done.flatMap(r -> deliveryOptions(input, v1, input.get("DeliveryOptions")));
        }
        if (input.has("TrackingOptions")) {
            done = done.flatMap(r -> v1.call("CreateConfigurationSetTrackingOptions", named(input)
                    .put("TrackingOptions.CustomRedirectDomain", input.get("TrackingOptions").path("CustomRedirectDomain"))));
        }
        return done.map(r -> empty());
    }

    private static Uni<JsonNode> get(ObjectNode input, V1 v1) {
        V1.Params params = named(input);
        for (int i = 0; i < ALL_ATTRIBUTES.size(); i++) {
            params.put("ConfigurationSetAttributeNames.member." + (i + 1), ALL_ATTRIBUTES.get(i));
        }
        return v1.call("DescribeConfigurationSet", params).map(r -> {
            ObjectNode out = NODES.objectNode().put("ConfigurationSetName", r.path("ConfigurationSet").path("Name").asText());
            out.putObject("SendingOptions").put("SendingEnabled", r.at("/ReputationOptions/SendingEnabled").asBoolean(true));
            out.putObject("ReputationOptions").put("ReputationMetricsEnabled", r.at("/ReputationOptions/ReputationMetricsEnabled").asBoolean(false));
            out.putObject("DeliveryOptions").put("TlsPolicy", upperSnake(r.at("/DeliveryOptions/TlsPolicy").asText("Optional")));
            if (r.has("TrackingOptions")) {
                ObjectNode tracking = out.putObject("TrackingOptions");
                if (r.at("/TrackingOptions/CustomRedirectDomain").isTextual()) {
                    tracking.put("CustomRedirectDomain", r.at("/TrackingOptions/CustomRedirectDomain").asText());
                }
            }
            out.putArray("Tags");
            return out;
        });
    }

    private static Uni<JsonNode> list(ObjectNode input, V1 v1) {
        return v1.call("ListConfigurationSets", params().put("MaxItems", input.path("PageSize")).put("NextToken", input.path("NextToken")))
                .map(r -> {
                    ObjectNode out = NODES.objectNode();
                    ArrayNode names = out.putArray("ConfigurationSets");
                    r.path("ConfigurationSets").forEach(set -> names.add(set.path("Name").asText()));
                    if (r.hasNonNull("NextToken")) {
                        out.put("NextToken", r.get("NextToken").asText());
                    }
                    return out;
                });
    }

    private static Uni<JsonNode> delete(ObjectNode input, V1 v1) {
        return v1.call("DeleteConfigurationSet", params().put("ConfigurationSetName", input.get("ConfigurationSetName")))
                .map(r -> (JsonNode) NODES.objectNode());
    }

    /** v2's EventDestinationDefinition as v1's EventDestination parameters. */
    private static V1.Params destination(ObjectNode input, String name) {
        JsonNode definition = input.path("EventDestination");
        V1.Params params = params().put("ConfigurationSetName", input.get("ConfigurationSetName")).put("EventDestination.Name", name)
                .put("EventDestination.Enabled", String.valueOf(definition.path("Enabled").asBoolean(false)));
        int n = 1;
        for (JsonNode type : definition.path("MatchingEventTypes")) {
            params.put("EventDestination.MatchingEventTypes.member." + n++, V1.camel(type.asText(), false));
        }
        JsonNode firehose = definition.path("KinesisFirehoseDestination");
        if (!firehose.isMissingNode()) {
            params.put("EventDestination.KinesisFirehoseDestination.IAMRoleARN", firehose.path("IamRoleArn"))
                    .put("EventDestination.KinesisFirehoseDestination.DeliveryStreamARN", firehose.path("DeliveryStreamArn"));
        }
        JsonNode cloudWatch = definition.path("CloudWatchDestination");
        n = 1;
        for (JsonNode dimension : cloudWatch.path("DimensionConfigurations")) {
            String prefix = "EventDestination.CloudWatchDestination.DimensionConfigurations.member." + n++ + ".";
            params.put(prefix + "DimensionName", dimension.path("DimensionName"))
                    .put(prefix + "DimensionValueSource", V1.camel(dimension.path("DimensionValueSource").asText(), false))
                    .put(prefix + "DefaultDimensionValue", dimension.path("DefaultDimensionValue"));
        }
        JsonNode sns = definition.path("SnsDestination");
        if (!sns.isMissingNode()) {
            params.put("EventDestination.SNSDestination.TopicARN", sns.path("TopicArn"));
        }
        return params;
    }

    private static Uni<JsonNode> unsupportedDestination(ObjectNode input) {
        JsonNode definition = input.path("EventDestination");
        for (String kind : List.of("EventBridgeDestination", "PinpointDestination")) {
            if (definition.has(kind)) {
                return Uni.createFrom().failure(RestJsonCodec.badRequest(kind + " is not supported by Sesame."));
            }
        }
        return null;
    }

    private static Uni<JsonNode> createDestination(ObjectNode input, V1 v1) {
        Uni<JsonNode> refused = unsupportedDestination(input);
        return refused != null ? refused : v1.call("CreateConfigurationSetEventDestination", destination(input, input.get("EventDestinationName").asText()))
                .map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> updateDestination(ObjectNode input, V1 v1) {
        Uni<JsonNode> refused = unsupportedDestination(input);
        return refused != null ? refused : v1.call("UpdateConfigurationSetEventDestination", destination(input, input.get("EventDestinationName").asText()))
                .map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> deleteDestination(ObjectNode input, V1 v1) {
        return v1.call("DeleteConfigurationSetEventDestination", params().put("ConfigurationSetName", input.get("ConfigurationSetName"))
                .put("EventDestinationName", input.get("EventDestinationName"))).map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> destinations(ObjectNode input, V1 v1) {
        return v1.call("DescribeConfigurationSet", params().put("ConfigurationSetName", input.get("ConfigurationSetName"))
                .put("ConfigurationSetAttributeNames.member.1", "eventDestinations")).map(r -> {
                    ObjectNode out = NODES.objectNode();
                    ArrayNode destinations = out.putArray("EventDestinations");
                    for (JsonNode d : r.path("EventDestinations")) {
                        ObjectNode v2 = destinations.addObject().put("Name", d.path("Name").asText()).put("Enabled", d.path("Enabled").asBoolean());
                        ArrayNode types = v2.putArray("MatchingEventTypes");
                        d.path("MatchingEventTypes").forEach(t -> types.add(upperSnake(t.asText())));
                        if (d.has("KinesisFirehoseDestination")) {
                            v2.putObject("KinesisFirehoseDestination")
                                    .put("IamRoleArn", d.path("KinesisFirehoseDestination").path("IAMRoleARN").asText())
                                    .put("DeliveryStreamArn", d.path("KinesisFirehoseDestination").path("DeliveryStreamARN").asText());
                        }
                        if (d.has("CloudWatchDestination")) {
                            ArrayNode dimensions = v2.putObject("CloudWatchDestination").putArray("DimensionConfigurations");
                            d.path("CloudWatchDestination").path("DimensionConfigurations").forEach(c -> dimensions.addObject()
                                    .put("DimensionName", c.path("DimensionName").asText())
                                    .put("DimensionValueSource", upperSnake(c.path("DimensionValueSource").asText()))
                                    .put("DefaultDimensionValue", c.path("DefaultDimensionValue").asText()));
                        }
                        if (d.has("SNSDestination")) {
                            v2.putObject("SnsDestination").put("TopicArn", d.path("SNSDestination").path("TopicARN").asText());
                        }
                    }
                    return out;
                });
    }
}

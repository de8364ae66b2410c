package dev.sesame.configsets.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.configsets.model.ConfigurationSetEvents;
import dev.sesame.configsets.model.ConfigurationSetEvents.Destination;
import dev.sesame.configsets.model.ConfigurationSets;
import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Configuration sets and their event destinations, with the spec's name rules, limits and errors. */
@ApplicationScoped
public class ConfigurationSetActions implements SesActions {

    static final int MAX_CONFIGURATION_SETS = 10_000;
    static final int MAX_DESTINATIONS = 10;
    static final int MAX_DIMENSIONS = 10;
    static final int MAX_LIST_ITEMS = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Pattern DIMENSION = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws[a-z-]*:firehose:[a-z0-9-]+:[0-9]{12}:deliverystream/[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");

    private final ConfigurationSets sets;
    private final CommandLog commands;

    record ConfigurationSetName(@JsonProperty("Name") String name) {
    }

    record DimensionConfiguration(@JsonProperty("DimensionName") String dimensionName,
                                  @JsonProperty("DimensionValueSource") String dimensionValueSource,
                                  @JsonProperty("DefaultDimensionValue") String defaultDimensionValue) {
    }

    record CloudWatchDestination(@JsonProperty("DimensionConfigurations") List<DimensionConfiguration> dimensionConfigurations) {
    }

    record KinesisFirehoseDestination(@JsonProperty("IAMRoleARN") String iamRoleArn,
                                      @JsonProperty("DeliveryStreamARN") String deliveryStreamArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventDestination(@JsonProperty("Name") String name, @JsonProperty("Enabled") boolean enabled,
                            @JsonProperty("MatchingEventTypes") List<String> matchingEventTypes,
                            @JsonProperty("CloudWatchDestination") CloudWatchDestination cloudWatchDestination,
                            @JsonProperty("KinesisFirehoseDestination") KinesisFirehoseDestination kinesisFirehoseDestination) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DescribeResult(@JsonProperty("ConfigurationSet") ConfigurationSetName configurationSet,
                          @JsonProperty("EventDestinations") List<EventDestination> eventDestinations) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListResult(@JsonProperty("ConfigurationSets") List<ConfigurationSetName> configurationSets,
                      @JsonProperty("NextToken") String nextToken) {
    }

    record Empty() {
    }

    public ConfigurationSetActions(ConfigurationSets sets, CommandLog commands) {
        this.sets = sets;
        this.commands = commands;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "CreateConfigurationSet", this::create,
                "DeleteConfigurationSet", this::delete,
                "DescribeConfigurationSet", this::describe,
                "ListConfigurationSets", this::list,
                "CreateConfigurationSetEventDestination", (caller, input) -> changeDestination(caller, input, true),
                "UpdateConfigurationSetEventDestination", (caller, input) -> changeDestination(caller, input, false),
                "DeleteConfigurationSetEventDestination", this::deleteDestination);
    }

    /** Two concurrent creations of one name: the first event in the log wins, the other gets AlreadyExists. */
    private Uni<?> create(Caller caller, JsonNode input) {
        String name = input.at("/ConfigurationSet/Name").asText();
        if (!NAME.matcher(name).matches()) {
            throw SesException.of("InvalidConfigurationSet", "Configuration set name <" + name + "> is invalid: it must contain only "
                    + "ASCII letters, numbers, underscores and dashes, and fewer than 64 characters.");
        }
        if (sets.find(caller.accountId(), name).isPresent()) {
            throw alreadyExists(name);
        }
        if (sets.count(caller.accountId()) >= MAX_CONFIGURATION_SETS) {
            throw SesException.of("LimitExceeded", "Maximum number of configuration sets (" + MAX_CONFIGURATION_SETS + ") reached.");
        }
        EventEnvelope event = event(caller, ConfigurationSetEvents.CREATED, name, new ConfigurationSetEvents.Created(name));
        return record(caller, event).map(ignored -> {
            if (!sets.find(caller.accountId(), name).map(set -> set.createdBy().equals(event.eventId())).orElse(false)) {
                throw alreadyExists(name);
            }
            return new Empty();
        });
    }

    private Uni<?> delete(Caller caller, JsonNode input) {
        String name = input.get("ConfigurationSetName").asText();
        existing(caller, name);
        return record(caller, event(caller, ConfigurationSetEvents.DELETED, name, new ConfigurationSetEvents.Deleted(name)))
                .map(ignored -> new Empty());
    }

    private Uni<?> describe(Caller caller, JsonNode input) {
        ConfigurationSets.ConfigurationSet set = existing(caller, input.get("ConfigurationSetName").asText());
        boolean withDestinations = false;
        for (JsonNode attribute : input.path("ConfigurationSetAttributeNames")) {
            withDestinations |= attribute.asText().equals("eventDestinations");
        }
        List<EventDestination> destinations = withDestinations
                ? set.destinations().values().stream().map(ConfigurationSetActions::describe).toList() : null;
        return Uni.createFrom().item(new DescribeResult(new ConfigurationSetName(set.name()), destinations));
    }

    private Uni<?> list(Caller caller, JsonNode input) {
        int maxItems = input.has("MaxItems") ? input.get("MaxItems").asInt() : MAX_LIST_ITEMS;
        if (maxItems < 1 || maxItems > MAX_LIST_ITEMS) {
            throw SesException.invalidParameterValue("MaxItems must be between 1 and " + MAX_LIST_ITEMS + ".");
        }
        String after = null;
        if (input.hasNonNull("NextToken")) {
            try {
                after = new String(Base64.getUrlDecoder().decode(input.get("NextToken").asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SesException.invalidParameterValue("The NextToken is not valid.");
            }
        }
        List<String> page = sets.names(caller.accountId(), after, maxItems + 1);
        boolean more = page.size() > maxItems;
        List<String> shown = more ? page.subList(0, maxItems) : page;
        String next = more ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                shown.get(shown.size() - 1).getBytes(StandardCharsets.UTF_8)) : null;
        return Uni.createFrom().item(new ListResult(shown.stream().map(ConfigurationSetName::new).toList(), next));
    }

    private Uni<?> changeDestination(Caller caller, JsonNode input, boolean create) {
        String setName = input.get("ConfigurationSetName").asText();
        Destination destination = destination(input.get("EventDestination"));
        ConfigurationSets.ConfigurationSet set = existing(caller, setName);
        boolean exists = set.destinations().containsKey(destination.name());
        if (create && exists) {
            throw SesException.of("EventDestinationAlreadyExists", "Event destination " + destination.name()
                    + " already exists in configuration set " + setName + ".");
        }
        if (!create && !exists) {
            throw missingDestination(destination.name(), setName);
        }
        if (create && set.destinations().size() >= MAX_DESTINATIONS) {
            throw SesException.of("LimitExceeded", "A configuration set can have at most " + MAX_DESTINATIONS + " event destinations.");
        }
        String type = create ? ConfigurationSetEvents.DESTINATION_CREATED : ConfigurationSetEvents.DESTINATION_UPDATED;
        return record(caller, event(caller, type, setName, new ConfigurationSetEvents.DestinationChanged(setName, destination)))
                .map(ignored -> new Empty());
    }

    private Uni<?> deleteDestination(Caller caller, JsonNode input) {
        String setName = input.get("ConfigurationSetName").asText();
        String name = input.get("EventDestinationName").asText();
        if (!existing(caller, setName).destinations().containsKey(name)) {
            throw missingDestination(name, setName);
        }
        return record(caller, event(caller, ConfigurationSetEvents.DESTINATION_DELETED, setName,
                new ConfigurationSetEvents.DestinationDeleted(setName, name))).map(ignored -> new Empty());
    }

    /** The destination of a request, with exactly one of CloudWatch or Firehose; Enabled defaults to false. */
    private static Destination destination(JsonNode node) {
        String name = node.path("Name").asText();
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Event destination name <" + name + "> is invalid: it must contain only ASCII "
                    + "letters, numbers, underscores and dashes, and fewer than 64 characters.");
        }
        List<String> types = new ArrayList<>();
        node.path("MatchingEventTypes").forEach(t -> types.add(t.asText()));
        if (types.isEmpty()) {
            throw SesException.invalidParameterValue("MatchingEventTypes must name at least one event type.");
        }
        JsonNode cloudWatch = node.get("CloudWatchDestination");
        JsonNode firehose = node.get("KinesisFirehoseDestination");
        if (node.has("SNSDestination")) {
            throw SesException.of("InvalidSNSDestination", "SNS event destinations are not supported yet; use CloudWatch or Firehose.");
        }
        if ((cloudWatch == null) == (firehose == null)) {
            throw SesException.invalidParameterValue("An event destination must have exactly one of CloudWatchDestination and "
                    + "KinesisFirehoseDestination.");
        }
        return new Destination(name, node.path("Enabled").asBoolean(false), types,
                cloudWatch == null ? null : cloudWatch(cloudWatch), firehose == null ? null : firehose(firehose));
    }

    private static ConfigurationSetEvents.CloudWatch cloudWatch(JsonNode node) {
        List<ConfigurationSetEvents.Dimension> dimensions = new ArrayList<>();
        for (JsonNode d : node.path("DimensionConfigurations")) {
            String name = d.path("DimensionName").asText();
            String source = d.path("DimensionValueSource").asText();
            String defaultValue = d.path("DefaultDimensionValue").asText();
            if (!DIMENSION.matcher(name).matches() || !DIMENSION.matcher(defaultValue).matches()) {
                throw SesException.of("InvalidCloudWatchDestination", "Dimension names and default values must contain only ASCII "
                        + "letters, numbers, underscores and dashes, and fewer than 256 characters: " + name + "=" + defaultValue);
            }
            if (!source.equals("messageTag") && !source.equals("emailHeader")) {
                throw SesException.of("InvalidCloudWatchDestination", "DimensionValueSource must be messageTag or emailHeader.");
            }
            dimensions.add(new ConfigurationSetEvents.Dimension(name, source, defaultValue));
        }
        if (dimensions.isEmpty() || dimensions.size() > MAX_DIMENSIONS) {
            throw SesException.of("InvalidCloudWatchDestination", "A CloudWatch destination has 1 to " + MAX_DIMENSIONS + " dimensions.");
        }
        return new ConfigurationSetEvents.CloudWatch(dimensions);
    }

    private static ConfigurationSetEvents.Firehose firehose(JsonNode node) {
        String stream = node.path("DeliveryStreamARN").asText();
        String role = node.path("IAMRoleARN").asText();
        if (!STREAM_ARN.matcher(stream).matches()) {
            throw SesException.of("InvalidFirehoseDestination", "DeliveryStreamARN <" + stream + "> is not a Firehose delivery stream ARN.");
        }
        if (!ROLE_ARN.matcher(role).matches()) {
            throw SesException.of("InvalidFirehoseDestination", "IAMRoleARN <" + role + "> is not an IAM role ARN.");
        }
        return new ConfigurationSetEvents.Firehose(role, stream);
    }

    private static EventDestination describe(Destination d) {
        return new EventDestination(d.name(), d.enabled(), d.matchingEventTypes(),
                d.cloudWatch() == null ? null : new CloudWatchDestination(d.cloudWatch().dimensions().stream()
                        .map(x -> new DimensionConfiguration(x.name(), x.source(), x.defaultValue())).toList()),
                d.firehose() == null ? null : new KinesisFirehoseDestination(d.firehose().iamRoleArn(), d.firehose().deliveryStreamArn()));
    }

    private ConfigurationSets.ConfigurationSet existing(Caller caller, String name) {
        return sets.find(caller.accountId(), name).orElseThrow(() -> SesException.of("ConfigurationSetDoesNotExist",
                "Configuration set <" + name + "> does not exist."));
    }

    private static SesException alreadyExists(String name) {
        return SesException.of("ConfigurationSetAlreadyExists", "Configuration set <" + name + "> already exists.");
    }

    private static SesException missingDestination(String name, String set) {
        return SesException.of("EventDestinationDoesNotExist", "No event destination named " + name + " exists in configuration set "
                + set + ".");
    }

    private static EventEnvelope event(Caller caller, String type, String aggregate, Object payload) {
        return EventEnvelope.of(type, 1, caller.accountId(), aggregate, caller.requestId(), EventCodec.JSON.valueToTree(payload));
    }

    private Uni<?> record(Caller caller, EventEnvelope event) {
        return commands.record(ConfigurationSetEvents.TOPIC, caller.accountId(), event);
    }
}

package dev.sesame.events.rest;

import dev.sesame.events.rest.ConfigurationSetRequests.CreateConfigurationSetEventDestinationRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.CreateConfigurationSetRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.CreateConfigurationSetTrackingOptionsRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.DeleteConfigurationSetEventDestinationRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.DeleteConfigurationSetRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.DeleteConfigurationSetTrackingOptionsRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.DescribeConfigurationSetRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.ListConfigurationSetsRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.PutConfigurationSetDeliveryOptionsRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.UpdateConfigurationSetEventDestinationRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.UpdateConfigurationSetReputationMetricsEnabledRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.UpdateConfigurationSetSendingEnabledRequest;
import dev.sesame.events.rest.ConfigurationSetRequests.UpdateConfigurationSetTrackingOptionsRequest;
import dev.sesame.eventlog.catalogue.EventType;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents.Destination;
import dev.sesame.events.model.ConfigurationSets;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.NextTokens;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:([0-9]{12}):[A-Za-z0-9_-]{1,256}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
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

    record SNSDestination(@JsonProperty("TopicARN") String topicArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventDestination(@JsonProperty("Name") String name, @JsonProperty("Enabled") boolean enabled,
                            @JsonProperty("MatchingEventTypes") List<String> matchingEventTypes,
                            @JsonProperty("CloudWatchDestination") CloudWatchDestination cloudWatchDestination,
                            @JsonProperty("KinesisFirehoseDestination") KinesisFirehoseDestination kinesisFirehoseDestination,
                            @JsonProperty("SNSDestination") SNSDestination snsDestination) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TrackingOptions(@JsonProperty("CustomRedirectDomain") String customRedirectDomain) {
    }

    record DeliveryOptions(@JsonProperty("TlsPolicy") String tlsPolicy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReputationOptions(@JsonProperty("SendingEnabled") boolean sendingEnabled,
                             @JsonProperty("ReputationMetricsEnabled") boolean reputationMetricsEnabled,
                             @JsonProperty("LastFreshStart") String lastFreshStart) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DescribeResult(@JsonProperty("ConfigurationSet") ConfigurationSetName configurationSet,
                          @JsonProperty("EventDestinations") List<EventDestination> eventDestinations,
                          @JsonProperty("TrackingOptions") TrackingOptions trackingOptions,
                          @JsonProperty("DeliveryOptions") DeliveryOptions deliveryOptions,
                          @JsonProperty("ReputationOptions") ReputationOptions reputationOptions) {
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
        return Map.ofEntries(
                Map.entry("CreateConfigurationSet", SesAction.typed(CreateConfigurationSetRequest.class, this::create)),
                Map.entry("DeleteConfigurationSet", SesAction.typed(DeleteConfigurationSetRequest.class, this::delete)),
                Map.entry("DescribeConfigurationSet", SesAction.typed(DescribeConfigurationSetRequest.class, this::describe)),
                Map.entry("ListConfigurationSets", SesAction.typed(ListConfigurationSetsRequest.class, this::list)),
                Map.entry("CreateConfigurationSetEventDestination", SesAction.typed(CreateConfigurationSetEventDestinationRequest.class,
                        (caller, r) -> changeDestination(caller, r.configurationSetName(), r.eventDestination(), true))),
                Map.entry("UpdateConfigurationSetEventDestination", SesAction.typed(UpdateConfigurationSetEventDestinationRequest.class,
                        (caller, r) -> changeDestination(caller, r.configurationSetName(), r.eventDestination(), false))),
                Map.entry("DeleteConfigurationSetEventDestination", SesAction.typed(DeleteConfigurationSetEventDestinationRequest.class,
                        this::deleteDestination)),
                Map.entry("UpdateConfigurationSetSendingEnabled", SesAction.typed(UpdateConfigurationSetSendingEnabledRequest.class,
                        (caller, r) -> setEnabled(caller, r.configurationSetName(), r.enabled(), EventType.CONFIGURATION_SET_SENDING_ENABLED_SET))),
                Map.entry("UpdateConfigurationSetReputationMetricsEnabled", SesAction.typed(
                        UpdateConfigurationSetReputationMetricsEnabledRequest.class, (caller, r) -> setEnabled(caller,
                                r.configurationSetName(), r.enabled(), EventType.CONFIGURATION_SET_REPUTATION_METRICS_ENABLED_SET))),
                Map.entry("PutConfigurationSetDeliveryOptions", SesAction.typed(PutConfigurationSetDeliveryOptionsRequest.class,
                        this::putDeliveryOptions)),
                Map.entry("CreateConfigurationSetTrackingOptions", SesAction.typed(CreateConfigurationSetTrackingOptionsRequest.class,
                        (caller, r) -> setTracking(caller, r.configurationSetName(), r.trackingOptions(), true))),
                Map.entry("UpdateConfigurationSetTrackingOptions", SesAction.typed(UpdateConfigurationSetTrackingOptionsRequest.class,
                        (caller, r) -> setTracking(caller, r.configurationSetName(), r.trackingOptions(), false))),
                Map.entry("DeleteConfigurationSetTrackingOptions", SesAction.typed(DeleteConfigurationSetTrackingOptionsRequest.class,
                        this::deleteTracking)));
    }

    /** Two concurrent creations of one name: the first event in the log wins, the other gets AlreadyExists. */
    private Uni<?> create(Caller caller, CreateConfigurationSetRequest request) {
        String name = request.configurationSet() == null || request.configurationSet().name() == null ? ""
                : request.configurationSet().name();
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
        EventEnvelope event = event(caller, EventType.CONFIGURATION_SET_CREATED, name, new ConfigurationSetEvents.Created(name));
        return record(caller, event).map(ignored -> {
            if (!sets.find(caller.accountId(), name).map(set -> set.createdBy().equals(event.eventId())).orElse(false)) {
                throw alreadyExists(name);
            }
            return new Empty();
        });
    }

    private Uni<?> delete(Caller caller, DeleteConfigurationSetRequest request) {
        String name = request.configurationSetName();
        existing(caller, name);
        return record(caller, event(caller, EventType.CONFIGURATION_SET_DELETED, name, new ConfigurationSetEvents.Deleted(name)))
                .map(ignored -> new Empty());
    }

    private Uni<?> describe(Caller caller, DescribeConfigurationSetRequest request) {
        ConfigurationSets.ConfigurationSet set = existing(caller, request.configurationSetName());
        List<String> attributes = request.configurationSetAttributeNames() == null ? List.of() : request.configurationSetAttributeNames();
        ConfigurationSets.Options options = set.options();
        List<EventDestination> destinations = attributes.contains("eventDestinations")
                ? set.destinations().values().stream().map(ConfigurationSetActions::describe).toList() : null;
        TrackingOptions tracking = attributes.contains("trackingOptions") && options.tracking() != null
                ? new TrackingOptions(options.tracking().customRedirectDomain()) : null;
        DeliveryOptions delivery = attributes.contains("deliveryOptions") ? new DeliveryOptions(options.tlsPolicy()) : null;
        ReputationOptions reputation = attributes.contains("reputationOptions")
                ? new ReputationOptions(options.sendingEnabled(), options.reputationMetricsEnabled(), null) : null;
        return Uni.createFrom().item(new DescribeResult(new ConfigurationSetName(set.name()), destinations, tracking, delivery, reputation));
    }

    /** UpdateConfigurationSetSendingEnabled, UpdateConfigurationSetReputationMetricsEnabled. */
    private Uni<?> setEnabled(Caller caller, String name, Boolean enabled, EventType type) {
        existing(caller, name);
        return record(caller, event(caller, type, name, new ConfigurationSetEvents.EnabledSet(name, Boolean.TRUE.equals(enabled))))
                .map(ignored -> new Empty());
    }

    /** TlsPolicy {@code Require}: the sending service delivers this set's mail only over TLS. */
    private Uni<?> putDeliveryOptions(Caller caller, PutConfigurationSetDeliveryOptionsRequest request) {
        String name = request.configurationSetName();
        existing(caller, name);
        String policy = request.deliveryOptions() == null ? null : request.deliveryOptions().tlsPolicy();
        return record(caller, event(caller, EventType.CONFIGURATION_SET_DELIVERY_OPTIONS_PUT, name,
                new ConfigurationSetEvents.DeliveryOptionsPut(name, policy == null || policy.isEmpty() ? "Optional" : policy)))
                .map(ignored -> new Empty());
    }

    private Uni<?> setTracking(Caller caller, String name, ConfigurationSetRequests.TrackingOptions options, boolean create) {
        ConfigurationSets.ConfigurationSet set = existing(caller, name);
        if (create && set.options().tracking() != null) {
            throw SesException.of("TrackingOptionsAlreadyExistsException", "Configuration set <" + name
                    + "> already has tracking options.");
        }
        if (!create && set.options().tracking() == null) {
            throw missingTracking(name);
        }
        String domain = options == null || options.customRedirectDomain() == null ? "" : options.customRedirectDomain();
        if (!domain.isEmpty() && !DOMAIN.matcher(domain).matches()) {
            throw SesException.of("InvalidTrackingOptions", "Custom redirect domain <" + domain + "> is not a valid domain name.");
        }
        return record(caller, event(caller, EventType.CONFIGURATION_SET_TRACKING_OPTIONS_SET, name,
                new ConfigurationSetEvents.TrackingOptionsSet(name, domain.isEmpty() ? null : domain))).map(ignored -> new Empty());
    }

    private Uni<?> deleteTracking(Caller caller, DeleteConfigurationSetTrackingOptionsRequest request) {
        String name = request.configurationSetName();
        if (existing(caller, name).options().tracking() == null) {
            throw missingTracking(name);
        }
        return record(caller, event(caller, EventType.CONFIGURATION_SET_TRACKING_OPTIONS_DELETED, name,
                new ConfigurationSetEvents.TrackingOptionsDeleted(name))).map(ignored -> new Empty());
    }

    private static SesException missingTracking(String name) {
        return SesException.of("TrackingOptionsDoesNotExistException", "Configuration set <" + name + "> has no tracking options.");
    }

    private Uni<?> list(Caller caller, ListConfigurationSetsRequest request) {
        int maxItems = request.maxItems() != null ? request.maxItems() : MAX_LIST_ITEMS;
        if (maxItems < 1 || maxItems > MAX_LIST_ITEMS) {
            throw SesException.invalidParameterValue("MaxItems must be between 1 and " + MAX_LIST_ITEMS + ".");
        }
        String after = NextTokens.after(request.nextToken(), () -> SesException.invalidParameterValue("The NextToken is not valid."));
        List<String> page = sets.names(caller.accountId(), after, maxItems + 1);
        boolean more = page.size() > maxItems;
        List<String> shown = more ? page.subList(0, maxItems) : page;
        String next = more ? NextTokens.of(shown.get(shown.size() - 1)) : null;
        return Uni.createFrom().item(new ListResult(shown.stream().map(ConfigurationSetName::new).toList(), next));
    }

    private Uni<?> changeDestination(Caller caller, String setName, ConfigurationSetRequests.EventDestination given, boolean create) {
        Destination destination = destination(caller, given);
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
        EventType type = create ? EventType.EVENT_DESTINATION_CREATED : EventType.EVENT_DESTINATION_UPDATED;
        return record(caller, event(caller, type, setName, new ConfigurationSetEvents.DestinationChanged(setName, destination)))
                .map(ignored -> new Empty());
    }

    private Uni<?> deleteDestination(Caller caller, DeleteConfigurationSetEventDestinationRequest request) {
        String setName = request.configurationSetName();
        String name = request.eventDestinationName();
        if (!existing(caller, setName).destinations().containsKey(name)) {
            throw missingDestination(name, setName);
        }
        return record(caller, event(caller, EventType.EVENT_DESTINATION_DELETED, setName,
                new ConfigurationSetEvents.DestinationDeleted(setName, name))).map(ignored -> new Empty());
    }

    /** The destination of a request, with exactly one of CloudWatch, Firehose or SNS; Enabled defaults to false. */
    private static Destination destination(Caller caller, ConfigurationSetRequests.EventDestination node) {
        String name = node.name() == null ? "" : node.name();
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Event destination name <" + name + "> is invalid: it must contain only ASCII "
                    + "letters, numbers, underscores and dashes, and fewer than 64 characters.");
        }
        List<String> types = node.matchingEventTypes() == null ? List.of() : node.matchingEventTypes();
        if (types.isEmpty()) {
            throw SesException.invalidParameterValue("MatchingEventTypes must name at least one event type.");
        }
        ConfigurationSetRequests.CloudWatchDestination cloudWatch = node.cloudWatchDestination();
        ConfigurationSetRequests.KinesisFirehoseDestination firehose = node.kinesisFirehoseDestination();
        ConfigurationSetRequests.SNSDestination sns = node.snsDestination();
        if ((cloudWatch == null ? 0 : 1) + (firehose == null ? 0 : 1) + (sns == null ? 0 : 1) != 1) {
            throw SesException.invalidParameterValue("An event destination must have exactly one of CloudWatchDestination, "
                    + "KinesisFirehoseDestination and SNSDestination.");
        }
        return new Destination(name, Boolean.TRUE.equals(node.enabled()), types,
                cloudWatch == null ? null : cloudWatch(cloudWatch), firehose == null ? null : firehose(firehose),
                sns == null ? null : sns(caller, sns));
    }

    /** The topic must be the tenant's own: Sesame has no topic policies that would let another account's topic accept it. */
    private static ConfigurationSetEvents.Sns sns(Caller caller, ConfigurationSetRequests.SNSDestination node) {
        String topic = node.topicARN() == null ? "" : node.topicARN();
        java.util.regex.Matcher arn = TOPIC_ARN.matcher(topic);
        if (!arn.matches()) {
            throw SesException.of("InvalidSNSDestination", "TopicARN <" + topic + "> is not an SNS topic ARN.");
        }
        if (!arn.group(1).equals(caller.accountId())) {
            throw SesException.of("InvalidSNSDestination", "Topic " + topic + " belongs to another account; SES cannot publish to it.");
        }
        return new ConfigurationSetEvents.Sns(topic);
    }

    private static ConfigurationSetEvents.CloudWatch cloudWatch(ConfigurationSetRequests.CloudWatchDestination node) {
        List<ConfigurationSetEvents.Dimension> dimensions = new ArrayList<>();
        for (ConfigurationSetRequests.CloudWatchDimensionConfiguration d
                : node.dimensionConfigurations() == null ? List.<ConfigurationSetRequests.CloudWatchDimensionConfiguration>of()
                : node.dimensionConfigurations()) {
            String name = text(d.dimensionName());
            String source = text(d.dimensionValueSource());
            String defaultValue = text(d.defaultDimensionValue());
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

    private static ConfigurationSetEvents.Firehose firehose(ConfigurationSetRequests.KinesisFirehoseDestination node) {
        String stream = text(node.deliveryStreamARN());
        String role = text(node.iamRoleARN());
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
                d.firehose() == null ? null : new KinesisFirehoseDestination(d.firehose().iamRoleArn(), d.firehose().deliveryStreamArn()),
                d.sns() == null ? null : new SNSDestination(d.sns().topicArn()));
    }

    private static String text(String value) {
        return value == null ? "" : value;
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

    private static EventEnvelope event(Caller caller, EventType type, String aggregate, Record payload) {
        return EventEnvelope.of(type, caller.accountId(), aggregate, caller.requestId(), payload);
    }

    private Uni<?> record(Caller caller, EventEnvelope event) {
        return commands.record(caller.accountId(), event);
    }
}

package dev.sesame.events.model;

import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents.DeliveryStreamRegistered;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tenant's configuration sets and their event destinations, projected in memory from
 * {@code sesame.configuration-sets.events} (rebuilt at start). The first event that creates a name wins, so two
 * concurrent creations end with exactly one success.
 */
@Singleton
public class ConfigurationSets extends InMemoryProjection {

    /** A configuration set, the event that created it, its destinations in creation order, and its options. */
    public record ConfigurationSet(String name, String createdBy, Map<String, ConfigurationSetEvents.Destination> destinations,
                                   Options options) {
    }

    /**
     * A set's options as SES describes them: sending enabled (default), reputation metrics off, TLS {@code Optional},
     * no tracking options ({@code tracking} null) until they are created.
     */
    public record Options(boolean sendingEnabled, boolean reputationMetricsEnabled, String tlsPolicy, Tracking tracking) {

        static final Options DEFAULT = new Options(true, false, "Optional", null);

        Options withSendingEnabled(boolean enabled) {
            return new Options(enabled, reputationMetricsEnabled, tlsPolicy, tracking);
        }

        Options withReputationMetricsEnabled(boolean enabled) {
            return new Options(sendingEnabled, enabled, tlsPolicy, tracking);
        }

        Options withTlsPolicy(String policy) {
            return new Options(sendingEnabled, reputationMetricsEnabled, policy, tracking);
        }

        Options withTracking(Tracking tracking) {
            return new Options(sendingEnabled, reputationMetricsEnabled, tlsPolicy, tracking);
        }
    }

    /** Tracking options; {@code customRedirectDomain} null means Sesame's own tracking address. */
    public record Tracking(String customRedirectDomain) {
    }

    private final Map<String, TreeMap<String, ConfigurationSet>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, DeliveryStreamRegistered> streams = new ConcurrentHashMap<>();


    public ConfigurationSets() {
        super(Topics.CONFIGURATION_SETS);
    }

    @Override
    protected void apply(EventEnvelope event) {
        TreeMap<String, ConfigurationSet> sets = byTenant.computeIfAbsent(event.tenantId(), t -> new TreeMap<>());
        switch (event.eventType()) {
            case CONFIGURATION_SET_CREATED -> {
                String name = event.payloadAs(ConfigurationSetEvents.Created.class).configurationSet();
                sets.putIfAbsent(name, new ConfigurationSet(name, event.eventId(), new LinkedHashMap<>(), Options.DEFAULT));
            }
            case CONFIGURATION_SET_DELETED -> sets.remove(event.payloadAs(ConfigurationSetEvents.Deleted.class).configurationSet());
            case EVENT_DESTINATION_CREATED -> {
                var created = event.payloadAs(ConfigurationSetEvents.DestinationChanged.class);
                ConfigurationSet set = sets.get(created.configurationSet());
                if (set != null) {
                    set.destinations().putIfAbsent(created.destination().name(), created.destination());
                }
            }
            case EVENT_DESTINATION_UPDATED -> {
                var updated = event.payloadAs(ConfigurationSetEvents.DestinationChanged.class);
                ConfigurationSet set = sets.get(updated.configurationSet());
                if (set != null && set.destinations().containsKey(updated.destination().name())) {
                    set.destinations().put(updated.destination().name(), updated.destination());
                }
            }
            case EVENT_DESTINATION_DELETED -> {
                var deleted = event.payloadAs(ConfigurationSetEvents.DestinationDeleted.class);
                ConfigurationSet set = sets.get(deleted.configurationSet());
                if (set != null) {
                    set.destinations().remove(deleted.destination());
                }
            }
            case CONFIGURATION_SET_SENDING_ENABLED_SET -> {
                var set = event.payloadAs(ConfigurationSetEvents.EnabledSet.class);
                change(sets, set.configurationSet(), options -> options.withSendingEnabled(set.enabled()));
            }
            case CONFIGURATION_SET_REPUTATION_METRICS_ENABLED_SET -> {
                var set = event.payloadAs(ConfigurationSetEvents.EnabledSet.class);
                change(sets, set.configurationSet(), options -> options.withReputationMetricsEnabled(set.enabled()));
            }
            case CONFIGURATION_SET_DELIVERY_OPTIONS_PUT -> {
                var put = event.payloadAs(ConfigurationSetEvents.DeliveryOptionsPut.class);
                change(sets, put.configurationSet(), options -> options.withTlsPolicy(put.tlsPolicy()));
            }
            case CONFIGURATION_SET_TRACKING_OPTIONS_SET -> {
                var set = event.payloadAs(ConfigurationSetEvents.TrackingOptionsSet.class);
                change(sets, set.configurationSet(), options -> options.withTracking(new Tracking(set.customRedirectDomain())));
            }
            case CONFIGURATION_SET_TRACKING_OPTIONS_DELETED -> change(sets,
                    event.payloadAs(ConfigurationSetEvents.TrackingOptionsDeleted.class).configurationSet(), options -> options.withTracking(null));
            case DELIVERY_STREAM_REGISTERED -> {
                DeliveryStreamRegistered stream = event.payloadAs(DeliveryStreamRegistered.class);
                streams.put(event.tenantId() + "/" + streamName(stream.deliveryStreamArn()), stream);
            }
            default -> {
            }
        }
    }

    private static void change(Map<String, ConfigurationSet> sets, String name, UnaryOperator<Options> change) {
        sets.computeIfPresent(name, (n, set) -> new ConfigurationSet(n, set.createdBy(), set.destinations(), change.apply(set.options())));
    }

    @Override
    protected void clear() {
        byTenant.clear();
        streams.clear();
    }

    /** The tenant's registered delivery stream of that name. */
    public Optional<DeliveryStreamRegistered> deliveryStream(String accountId, String name) {
        return Optional.ofNullable(streams.get(accountId + "/" + name));
    }

    public List<DeliveryStreamRegistered> deliveryStreams(String accountId) {
        return streams.entrySet().stream().filter(e -> e.getKey().startsWith(accountId + "/")).map(Map.Entry::getValue).toList();
    }

    static String streamName(String deliveryStreamArn) {
        return deliveryStreamArn.substring(deliveryStreamArn.lastIndexOf('/') + 1);
    }

    public synchronized Optional<ConfigurationSet> find(String accountId, String name) {
        return Optional.ofNullable(byTenant.getOrDefault(accountId, new TreeMap<>()).get(name)).map(ConfigurationSets::copy);
    }

    /** The tenant's sets in name order, after {@code after} (exclusive), at most {@code limit}. */
    public synchronized List<String> names(String accountId, String after, int limit) {
        TreeMap<String, ConfigurationSet> sets = byTenant.getOrDefault(accountId, new TreeMap<>());
        List<String> names = new ArrayList<>();
        for (String name : after == null ? sets.keySet() : sets.tailMap(after, false).keySet()) {
            if (names.size() == limit) {
                break;
            }
            names.add(name);
        }
        return names;
    }

    /** Whether any set of the tenant has an enabled destination that {@code kind} accepts. */
    public synchronized boolean anyDestination(String accountId, Predicate<ConfigurationSetEvents.Destination> kind) {
        TreeMap<String, ConfigurationSet> sets = byTenant.get(accountId);
        if (sets != null) {
            for (ConfigurationSet set : sets.values()) {
                for (ConfigurationSetEvents.Destination destination : set.destinations().values()) {
                    if (destination.enabled() && kind.test(destination)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public synchronized int count(String accountId) {
        return byTenant.getOrDefault(accountId, new TreeMap<>()).size();
    }

    private static ConfigurationSet copy(ConfigurationSet set) {
        return new ConfigurationSet(set.name(), set.createdBy(), new LinkedHashMap<>(set.destinations()), set.options());
    }
}

package dev.sesame.sending.views;

import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Each tenant's configuration sets and the options a send obeys (sending enabled, TLS required, tracking), from the
 * events service's {@code sesame.configuration-sets.events}.
 */
@Singleton
public class KnownConfigurationSets extends InMemoryProjection {

    /**
     * @param tracking whether the set has tracking options (opens and clicks are tracked)
     * @param redirectDomain the tracking options' CustomRedirectDomain, or null for Sesame's own tracking address
     */
    public record SetOptions(boolean sendingEnabled, boolean requireTls, boolean tracking, String redirectDomain) {

        static final SetOptions DEFAULT = new SetOptions(true, false, false, null);
    }

    private final Map<String, Map<String, SetOptions>> byTenant = new ConcurrentHashMap<>();

    public KnownConfigurationSets() {
        super(Topics.CONFIGURATION_SETS);
    }

    @Override
    protected void apply(EventEnvelope event) {
        String name = event.payload().path("configurationSet").asText();
        Map<String, SetOptions> sets = byTenant.computeIfAbsent(event.tenantId(), t -> new ConcurrentHashMap<>());
        switch (event.eventType()) {
            case CONFIGURATION_SET_CREATED -> sets.putIfAbsent(name, SetOptions.DEFAULT);
            case CONFIGURATION_SET_DELETED -> sets.remove(name);
            case CONFIGURATION_SET_SENDING_ENABLED_SET -> {
                boolean enabled = event.payloadAs(ConfigurationSetEvents.EnabledSet.class).enabled();
                change(sets, name, o -> new SetOptions(enabled, o.requireTls(), o.tracking(), o.redirectDomain()));
            }
            case CONFIGURATION_SET_DELIVERY_OPTIONS_PUT -> {
                boolean requireTls = "Require".equals(event.payloadAs(ConfigurationSetEvents.DeliveryOptionsPut.class).tlsPolicy());
                change(sets, name, o -> new SetOptions(o.sendingEnabled(), requireTls, o.tracking(), o.redirectDomain()));
            }
            case CONFIGURATION_SET_TRACKING_OPTIONS_SET -> {
                String domain = event.payloadAs(ConfigurationSetEvents.TrackingOptionsSet.class).customRedirectDomain();
                change(sets, name, o -> new SetOptions(o.sendingEnabled(), o.requireTls(), true, domain));
            }
            case CONFIGURATION_SET_TRACKING_OPTIONS_DELETED -> change(sets, name, o -> new SetOptions(o.sendingEnabled(), o.requireTls(),
                    false, null));
            default -> {
            }
        }
    }

    private static void change(Map<String, SetOptions> sets, String name, UnaryOperator<SetOptions> change) {
        sets.computeIfPresent(name, (n, options) -> change.apply(options));
    }

    @Override
    protected void clear() {
        byTenant.clear();
    }

    public boolean exists(String accountId, String name) {
        return find(accountId, name).isPresent();
    }

    public Optional<SetOptions> find(String accountId, String name) {
        return Optional.ofNullable(byTenant.getOrDefault(accountId, Map.of()).get(name));
    }
}

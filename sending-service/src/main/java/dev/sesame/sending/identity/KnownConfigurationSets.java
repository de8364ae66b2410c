package dev.sesame.sending.identity;

import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which configuration sets each tenant has, from the events service's {@code sesame.configuration-sets.events}. */
@Singleton
public class KnownConfigurationSets extends InMemoryProjection {

    public static final String TOPIC = "sesame.configuration-sets.events";

    private final Map<String, Set<String>> byTenant = new ConcurrentHashMap<>();

    public KnownConfigurationSets() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        String name = event.payload().path("configurationSet").asText();
        switch (event.type()) {
            case "ConfigurationSetCreated" -> byTenant.computeIfAbsent(event.tenantId(), t -> ConcurrentHashMap.newKeySet()).add(name);
            case "ConfigurationSetDeleted" -> byTenant.getOrDefault(event.tenantId(), Set.of()).remove(name);
            default -> {
            }
        }
    }

    @Override
    protected void clear() {
        byTenant.clear();
    }

    public boolean exists(String accountId, String name) {
        return byTenant.getOrDefault(accountId, Set.of()).contains(name);
    }
}

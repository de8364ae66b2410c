package dev.sesame.sending.ledger;

import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each tenant's sending is enabled (UpdateAccountSendingEnabled), from {@code sesame.sending.account}; a tenant
 * that never changed it sends.
 */
@Singleton
public class AccountSending extends InMemoryProjection {

    public static final String TOPIC = "sesame.sending.account";
    public static final String ENABLED_SET = "AccountSendingEnabledSet";

    private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();

    public AccountSending() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (event.type().equals(ENABLED_SET)) {
            enabled.put(event.tenantId(), event.payload().path("enabled").asBoolean(true));
        }
    }

    @Override
    protected void clear() {
        enabled.clear();
    }

    public boolean enabled(String accountId) {
        return enabled.getOrDefault(accountId, true);
    }
}

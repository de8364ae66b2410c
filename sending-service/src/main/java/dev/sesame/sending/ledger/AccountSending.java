package dev.sesame.sending.ledger;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.SendingEvents;
import dev.sesame.eventlog.catalogue.Topics;
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

    private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();

    public AccountSending() {
        super(Topics.ACCOUNT);
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (EventType.ACCOUNT_SENDING_ENABLED_SET.is(event.type())) {
            enabled.put(event.tenantId(), event.payloadAs(SendingEvents.AccountSendingEnabledSet.class).enabled());
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

package dev.sesame.receipt.model;

import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tenant receives mail for an address: the verified address identities and domains of every tenant,
 * projected in memory from {@code sesame.identity.events}.
 */
@Singleton
public class VerifiedRecipients extends InMemoryProjection {

    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public VerifiedRecipients() {
        super(Topics.IDENTITY);
    }

    @Override
    protected void apply(EventEnvelope event) {
        String identity = event.payload().path("identity").asText().toLowerCase(Locale.ROOT);
        switch (event.eventType()) {
            case IDENTITY_VERIFICATION_REQUESTED -> pending.put(identity, event.tenantId());
            case IDENTITY_VERIFICATION_STATUS_CHANGED -> {
                if ("Success".equals(event.payloadAs(IdentityEvents.VerificationStatusChanged.class).status())) {
                    verified.put(identity, event.tenantId());
                } else {
                    verified.remove(identity);
                }
            }
            case IDENTITY_DELETED -> {
                pending.remove(identity);
                verified.remove(identity);
            }
            default -> {
            }
        }
    }

    @Override
    protected void clear() {
        pending.clear();
        verified.clear();
    }

    /** The tenant that receives mail for {@code address}: its verified address identity, else its verified domain. */
    public Optional<String> owner(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        String own = verified.get(lower);
        return Optional.ofNullable(own != null ? own : verified.get(lower.substring(lower.lastIndexOf('@') + 1)));
    }
}

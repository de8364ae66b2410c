package dev.sesame.sending.views;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sending service's own read model of identities, projected in memory from {@code sesame.identity.events}:
 * nothing on the send path calls the identity service. Rebuilt from the topic at every start.
 */
@Singleton
public class SenderIdentities extends InMemoryProjection {

    private final Map<String, SenderIdentity> identities = new ConcurrentHashMap<>();

    public SenderIdentities() {
        super(Topics.IDENTITY);
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode p = event.payload();
        String key = key(event.tenantId(), p.path("identity").asText());
        if (EventType.IDENTITY_VERIFICATION_REQUESTED.is(event.type())) {
            identities.computeIfAbsent(key, k -> new SenderIdentity(event.tenantId(), p.path("identity").asText()));
            return;
        }
        SenderIdentity identity = identities.get(key);
        if (identity == null) {
            return;
        }
        switch (event.eventType()) {
            case IDENTITY_DELETED -> identities.remove(key);
            case IDENTITY_VERIFICATION_STATUS_CHANGED -> identity.verified = "Success".equals(p.path("status").asText());
            case IDENTITY_DKIM_KEYS_CREATED -> {
                if (identity.dkimTokens == null) {
                    List<String> tokens = new ArrayList<>();
                    p.path("tokens").forEach(t -> tokens.add(t.asText()));
                    identity.dkimTokens = List.copyOf(tokens);
                    identity.sealedDkimKey = p.path("privateKey").asText();
                    identity.dkimEnabled = true;
                }
            }
            case IDENTITY_DKIM_ENABLED_SET -> identity.dkimEnabled = p.path("enabled").asBoolean();
            case IDENTITY_DKIM_STATUS_CHANGED -> identity.dkimVerified = "Success".equals(p.path("status").asText());
            case IDENTITY_MAIL_FROM_DOMAIN_SET -> {
                identity.mailFromDomain = p.hasNonNull("mailFromDomain") ? p.get("mailFromDomain").asText() : null;
                identity.behaviorOnMxFailure = p.path("behaviorOnMxFailure").asText("UseDefaultValue");
                identity.mailFromVerified = false;
            }
            case IDENTITY_MAIL_FROM_STATUS_CHANGED -> identity.mailFromVerified = "Success".equals(p.path("status").asText());
            case IDENTITY_FEEDBACK_FORWARDING_SET -> identity.forwardingEnabled = p.path("enabled").asBoolean();
            case IDENTITY_POLICY_PUT -> identity.policies.put(p.path("policyName").asText(), p.path("policy").asText());
            case IDENTITY_POLICY_DELETED -> identity.policies.remove(p.path("policyName").asText());
            default -> {
                // other identity facts do not matter for sending
            }
        }
    }

    @Override
    protected void clear() {
        identities.clear();
    }

    public Optional<SenderIdentity> find(String accountId, String identity) {
        return Optional.ofNullable(identities.get(key(accountId, identity)));
    }

    /**
     * The identity that vouches for {@code address} in this account: the address itself when verified, else its
     * verified domain.
     */
    public Optional<SenderIdentity> verifiedFor(String accountId, String address) {
        Optional<SenderIdentity> own = find(accountId, address).filter(SenderIdentity::verified);
        return own.isPresent() ? own : find(accountId, domainOf(address)).filter(SenderIdentity::verified);
    }

    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static String key(String accountId, String identity) {
        int at = identity.lastIndexOf('@');
        String normalized = at < 0 ? identity.toLowerCase(Locale.ROOT)
                : identity.substring(0, at + 1) + identity.substring(at + 1).toLowerCase(Locale.ROOT);
        return accountId + ":" + normalized;
    }
}

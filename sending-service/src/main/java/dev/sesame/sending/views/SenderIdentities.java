package dev.sesame.sending.views;

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

    public static final String TOPIC = "sesame.identity.events";

    private final Map<String, SenderIdentity> identities = new ConcurrentHashMap<>();

    public SenderIdentities() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode p = event.payload();
        String key = key(event.tenantId(), p.path("identity").asText());
        if (event.type().equals("IdentityVerificationRequested")) {
            identities.computeIfAbsent(key, k -> new SenderIdentity(event.tenantId(), p.path("identity").asText()));
            return;
        }
        SenderIdentity identity = identities.get(key);
        if (identity == null) {
            return;
        }
        switch (event.type()) {
            case "IdentityDeleted" -> identities.remove(key);
            case "IdentityVerificationStatusChanged" -> identity.verified = "Success".equals(p.path("status").asText());
            case "IdentityDkimKeysCreated" -> {
                if (identity.dkimTokens == null) {
                    List<String> tokens = new ArrayList<>();
                    p.path("tokens").forEach(t -> tokens.add(t.asText()));
                    identity.dkimTokens = List.copyOf(tokens);
                    identity.sealedDkimKey = p.path("privateKey").asText();
                    identity.dkimEnabled = true;
                }
            }
            case "IdentityDkimEnabledSet" -> identity.dkimEnabled = p.path("enabled").asBoolean();
            case "IdentityDkimStatusChanged" -> identity.dkimVerified = "Success".equals(p.path("status").asText());
            case "IdentityMailFromDomainSet" -> {
                identity.mailFromDomain = p.hasNonNull("mailFromDomain") ? p.get("mailFromDomain").asText() : null;
                identity.behaviorOnMxFailure = p.path("behaviorOnMxFailure").asText("UseDefaultValue");
                identity.mailFromVerified = false;
            }
            case "IdentityMailFromStatusChanged" -> identity.mailFromVerified = "Success".equals(p.path("status").asText());
            case "IdentityFeedbackForwardingSet" -> identity.forwardingEnabled = p.path("enabled").asBoolean();
            case "IdentityPolicyPut" -> identity.policies.put(p.path("policyName").asText(), p.path("policy").asText());
            case "IdentityPolicyDeleted" -> identity.policies.remove(p.path("policyName").asText());
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

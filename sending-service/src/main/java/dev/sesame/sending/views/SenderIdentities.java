package dev.sesame.sending.views;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
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
        String name = event.payload().path("identity").asText(); // every identity event names its identity
        String key = key(event.tenantId(), name);
        if (EventType.IDENTITY_VERIFICATION_REQUESTED.is(event.type())) {
            identities.computeIfAbsent(key, k -> new SenderIdentity(event.tenantId(), name));
            return;
        }
        SenderIdentity identity = identities.get(key);
        if (identity == null) {
            return;
        }
        switch (event.eventType()) {
            case IDENTITY_DELETED -> identities.remove(key);
            case IDENTITY_VERIFICATION_STATUS_CHANGED ->
                    identity.verified = "Success".equals(event.payloadAs(IdentityEvents.VerificationStatusChanged.class).status());
            case IDENTITY_DKIM_KEYS_CREATED -> {
                if (identity.dkimTokens == null) {
                    var keys = event.payloadAs(IdentityEvents.DkimKeysCreated.class);
                    identity.dkimTokens = List.copyOf(keys.tokens());
                    identity.sealedDkimKey = keys.privateKey();
                    identity.dkimEnabled = true;
                }
            }
            case IDENTITY_DKIM_ENABLED_SET -> identity.dkimEnabled = event.payloadAs(IdentityEvents.DkimEnabledSet.class).enabled();
            case IDENTITY_DKIM_STATUS_CHANGED ->
                    identity.dkimVerified = "Success".equals(event.payloadAs(IdentityEvents.DkimStatusChanged.class).status());
            case IDENTITY_MAIL_FROM_DOMAIN_SET -> {
                var mailFrom = event.payloadAs(IdentityEvents.MailFromDomainSet.class);
                identity.mailFromDomain = mailFrom.mailFromDomain();
                identity.behaviorOnMxFailure = mailFrom.behaviorOnMxFailure() == null ? "UseDefaultValue" : mailFrom.behaviorOnMxFailure();
                identity.mailFromVerified = false;
            }
            case IDENTITY_MAIL_FROM_STATUS_CHANGED ->
                    identity.mailFromVerified = "Success".equals(event.payloadAs(IdentityEvents.MailFromStatusChanged.class).status());
            case IDENTITY_FEEDBACK_FORWARDING_SET ->
                    identity.forwardingEnabled = event.payloadAs(IdentityEvents.FeedbackForwardingSet.class).enabled();
            case IDENTITY_POLICY_PUT -> {
                var policy = event.payloadAs(IdentityEvents.PolicyPut.class);
                identity.policies.put(policy.policyName(), policy.policy());
            }
            case IDENTITY_POLICY_DELETED -> identity.policies.remove(event.payloadAs(IdentityEvents.PolicyDeleted.class).policyName());
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

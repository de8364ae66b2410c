package dev.sesame.sending.service;

import dev.sesame.security.policy.AuthorizationRequest;
import dev.sesame.security.policy.InvalidPolicyException;
import dev.sesame.security.policy.SendingPolicy;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.sending.views.SenderIdentity;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a caller may use an address: its own verified address or domain, or another account's
 * identity whose sending-authorization policies allow it.
 */
@Singleton
public class SendingAuthorization {

    private final SenderIdentities identities;

    /** The identity that authorizes an address, and its ARN (the {@code sourceArn} of the events). */
    public record Authorized(SenderIdentity identity, String arn) {
    }

    public SendingAuthorization(SenderIdentities identities) {
        this.identities = identities;
    }

    /**
     * @param arn the SourceArn/FromArn/ReturnPathArn naming another account's identity, or null
     * @return the authorizing identity, or empty when the address is not verified for this caller
     */
    public Optional<Authorized> authorize(Caller caller, String address, String displayName, String arn, String action,
                                          List<String> recipients) {
        if (arn == null) {
            return identities.verifiedFor(caller.accountId(), address).map(i -> new Authorized(i, arn(caller.region(), i)));
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("ses") || !parts[5].startsWith("identity/")) {
            throw SesException.invalidParameterValue("Invalid identity ARN " + arn + ".");
        }
        String owner = parts[4];
        String name = parts[5].substring("identity/".length());
        boolean covers = name.indexOf('@') > 0 ? name.equalsIgnoreCase(address)
                : SenderIdentities.domainOf(address).equals(name.toLowerCase(Locale.ROOT));
        Optional<SenderIdentity> identity = identities.find(owner, name).filter(SenderIdentity::verified);
        if (!covers || identity.isEmpty()) {
            return Optional.empty();
        }
        if (!owner.equals(caller.accountId())) {
            Map<String, List<String>> context = new java.util.HashMap<>();
            context.put("ses:FromAddress", List.of(address));
            context.put("ses:Recipients", recipients);
            context.put("aws:CurrentTime", List.of(Instant.now().toString()));
            if (displayName != null) {
                context.put("ses:FromDisplayName", List.of(displayName));
            }
            List<SendingPolicy> policies = new ArrayList<>();
            for (String document : identity.get().policies().values()) {
                try {
                    policies.add(SendingPolicy.parse(document));
                } catch (InvalidPolicyException e) {
                    // Policies are validated when put; one that no longer parses grants nothing.
                }
            }
            if (!SendingPolicy.evaluate(policies, new AuthorizationRequest(caller.accountId(), action, arn, context)).allowed()) {
                throw SesException.of("MessageRejected", "User arn:aws:iam::" + caller.accountId() + ":root is not authorized to perform `"
                        + action + "' on resource `" + arn + "'");
            }
        }
        return identity.map(i -> new Authorized(i, arn));
    }

    private static String arn(String region, SenderIdentity identity) {
        return "arn:aws:ses:" + region + ":" + identity.accountId() + ":identity/" + identity.name();
    }
}

package dev.sesame.identity.rest.action;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.rest.action.IdentityRequests.DeleteIdentityPolicyRequest;
import dev.sesame.identity.rest.action.IdentityRequests.GetIdentityPoliciesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.ListIdentityPoliciesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.PutIdentityPolicyRequest;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.identity.service.IdentityJournal;
import dev.sesame.identity.service.IdentityNames;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.security.policy.InvalidPolicyException;
import dev.sesame.security.policy.SendingPolicy;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Sending-authorization policies of an identity: for its owner only, on verified identities. */
@ApplicationScoped
public class PolicyActions implements SesActions {

    static final int MAX_POLICY_BYTES = 4096;
    static final int MAX_POLICIES = 20;
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final IdentityStore store;
    private final IdentityJournal journal;

    public PolicyActions(IdentityStore store, IdentityJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "PutIdentityPolicy", SesAction.typed(PutIdentityPolicyRequest.class, this::put),
                "GetIdentityPolicies", SesAction.typed(GetIdentityPoliciesRequest.class, this::get),
                "ListIdentityPolicies", SesAction.typed(ListIdentityPoliciesRequest.class, this::list),
                "DeleteIdentityPolicy", SesAction.typed(DeleteIdentityPolicyRequest.class, this::delete));
    }

    private Uni<?> put(Caller caller, PutIdentityPolicyRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        String policyName = policyName(request.policyName());
        String document = request.policy();
        if (document.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw SesException.of("InvalidPolicy", "Policy exceeds the 4 KB limit.");
        }
        try {
            SendingPolicy.parse(document);
        } catch (InvalidPolicyException e) {
            throw SesException.of("InvalidPolicy", e.getMessage());
        }
        return store.requireVerified(caller.accountId(), name)
                .chain(identity -> store.policies(identity.id).chain(existing -> {
                    boolean replacing = existing.stream().anyMatch(p -> p.name.equals(policyName));
                    if (!replacing && existing.size() >= MAX_POLICIES) {
                        throw SesException.of("LimitExceeded", "An identity can have at most " + MAX_POLICIES + " policies.");
                    }
                    return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_POLICY_PUT, identity.name,
                            new IdentityEvents.PolicyPut(identity.name, policyName, document));
                }))
                .map(ignored -> new Results.Empty());
    }

    /** Up to 20 names; names the identity has no policy for are left out. */
    private Uni<?> get(Caller caller, GetIdentityPoliciesRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        List<String> names = request.policyNames().stream().map(PolicyActions::policyName).toList();
        if (names.size() > MAX_POLICIES) {
            throw SesException.invalidParameterValue("You can retrieve at most " + MAX_POLICIES + " policies at a time.");
        }
        return store.require(caller.accountId(), name).chain(identity -> store.policies(identity.id)).map(policies -> {
            Map<String, String> found = new LinkedHashMap<>();
            policies.stream().filter(p -> names.contains(p.name)).forEach(p -> found.put(p.name, p.policy));
            return new Results.GetIdentityPoliciesResult(found);
        });
    }

    private Uni<?> list(Caller caller, ListIdentityPoliciesRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        return store.require(caller.accountId(), name).chain(identity -> store.policies(identity.id))
                .map(policies -> new Results.ListIdentityPoliciesResult(policies.stream().map(p -> p.name).toList()));
    }

    /** Deleting a policy the identity does not have succeeds, as in SES. */
    private Uni<?> delete(Caller caller, DeleteIdentityPolicyRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        String policyName = policyName(request.policyName());
        return store.require(caller.accountId(), name).chain(identity -> store.policies(identity.id).chain(policies ->
                policies.stream().noneMatch(p -> p.name.equals(policyName)) ? Uni.createFrom().voidItem()
                        : journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_POLICY_DELETED, identity.name,
                        new IdentityEvents.PolicyDeleted(identity.name, policyName))))
                .map(ignored -> new Results.Empty());
    }

    private static String policyName(String name) {
        if (!POLICY_NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Invalid policy name <" + name
                    + ">: at most 64 characters, only letters, digits, dashes and underscores.");
        }
        return name;
    }
}

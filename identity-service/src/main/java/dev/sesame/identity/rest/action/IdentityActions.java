package dev.sesame.identity.rest.action;

import dev.sesame.identity.rest.action.IdentityRequests.DeleteIdentityRequest;
import dev.sesame.identity.rest.action.IdentityRequests.DeleteVerifiedEmailAddressRequest;
import dev.sesame.identity.rest.action.IdentityRequests.GetIdentityVerificationAttributesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.ListIdentitiesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.ListVerifiedEmailAddressesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.VerifyDomainIdentityRequest;
import dev.sesame.identity.rest.action.IdentityRequests.VerifyEmailAddressRequest;
import dev.sesame.identity.rest.action.IdentityRequests.VerifyEmailIdentityRequest;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.IdentityType;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.identity.service.IdentityCommands;
import dev.sesame.identity.service.IdentityNames;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The actions that create, list, inspect and delete identities. */
@ApplicationScoped
public class IdentityActions implements SesActions {

    static final int MAX_LIST_ITEMS = 1000;
    static final int MAX_IDENTITIES_PER_CALL = 100;

    private final IdentityCommands commands;
    private final IdentityStore store;

    public IdentityActions(IdentityCommands commands, IdentityStore store) {
        this.commands = commands;
        this.store = store;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "VerifyEmailIdentity", SesAction.typed(VerifyEmailIdentityRequest.class,
                        (caller, request) -> verifyEmail(caller, request.emailAddress())),
                // The deprecated forms have the same effect as their successors.
                "VerifyEmailAddress", SesAction.typed(VerifyEmailAddressRequest.class,
                        (caller, request) -> verifyEmail(caller, request.emailAddress())),
                "VerifyDomainIdentity", SesAction.typed(VerifyDomainIdentityRequest.class, this::verifyDomain),
                "DeleteIdentity", SesAction.typed(DeleteIdentityRequest.class, (caller, request) -> delete(caller, request.identity())),
                "DeleteVerifiedEmailAddress", SesAction.typed(DeleteVerifiedEmailAddressRequest.class,
                        (caller, request) -> delete(caller, request.emailAddress())),
                "ListIdentities", SesAction.typed(ListIdentitiesRequest.class, this::list),
                "ListVerifiedEmailAddresses", SesAction.typed(ListVerifiedEmailAddressesRequest.class, this::listVerifiedEmailAddresses),
                "GetIdentityVerificationAttributes", SesAction.typed(GetIdentityVerificationAttributesRequest.class,
                        this::verificationAttributes));
    }

    private Uni<?> verifyEmail(Caller caller, String emailAddress) {
        String address = IdentityNames.emailAddress(emailAddress);
        return commands.requestVerification(caller, address, IdentityType.EmailAddress).map(identity -> new Results.Empty());
    }

    /** Returns the token to publish as TXT at {@code _amazonses.<domain>}. */
    private Uni<?> verifyDomain(Caller caller, VerifyDomainIdentityRequest request) {
        String domain = IdentityNames.domain(request.domain());
        return commands.requestVerification(caller, domain, IdentityType.Domain)
                .map(identity -> new Results.VerifyDomainIdentityResult(identity.verificationToken));
    }

    private Uni<?> delete(Caller caller, String identity) {
        return commands.delete(caller, identity).map(ignored -> new Results.Empty());
    }

    /**
     * Identities of any status, optionally of one type, in pages of MaxItems (1–1000). NextToken is the key of
     * the page's last identity, so pages stay stable while identities are added or deleted.
     */
    private Uni<?> list(Caller caller, ListIdentitiesRequest request) {
        int maxItems = request.maxItems() != null ? request.maxItems() : MAX_LIST_ITEMS;
        if (maxItems < 1 || maxItems > MAX_LIST_ITEMS) {
            throw SesException.invalidParameterValue("MaxItems must be between 1 and " + MAX_LIST_ITEMS + ".");
        }
        String type = request.identityType();
        String after = request.nextToken() != null ? decodeNextToken(caller, request.nextToken()) : null;
        return store.page(caller.accountId(), type, after, maxItems + 1).map(page -> {
            boolean more = page.size() > maxItems;
            List<Identity> shown = more ? page.subList(0, maxItems) : page;
            String next = more ? Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(shown.get(shown.size() - 1).id.getBytes(StandardCharsets.UTF_8)) : null;
            return new Results.ListIdentitiesResult(shown.stream().map(i -> i.name).toList(), next);
        });
    }

    private static String decodeNextToken(Caller caller, String token) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (key.startsWith(caller.accountId() + ":")) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw SesException.invalidParameterValue("The NextToken is not valid: use a NextToken from a previous ListIdentities answer.");
    }

    private Uni<?> listVerifiedEmailAddresses(Caller caller, ListVerifiedEmailAddressesRequest request) {
        return store.verifiedEmailAddresses(caller.accountId())
                .map(list -> new Results.ListVerifiedEmailAddressesResult(list.stream().map(i -> i.name).toList()));
    }

    /** Status (and, for domains, the token) of up to 100 identities; ones the tenant does not have are left out, as in SES. */
    private Uni<?> verificationAttributes(Caller caller, GetIdentityVerificationAttributesRequest request) {
        List<String> requested = identities(request.identities());
        return store.findAll(caller.accountId(), requested).map(found -> {
            Map<String, Results.IdentityVerificationAttributes> attributes = new LinkedHashMap<>();
            byRequestedName(caller, requested, found).forEach((name, identity) -> attributes.put(name,
                    new Results.IdentityVerificationAttributes(identity.verificationStatus, identity.verificationToken)));
            return new Results.GetIdentityVerificationAttributesResult(attributes);
        });
    }

    /** The {@code Identities} list of a Get…Attributes request, at most {@value #MAX_IDENTITIES_PER_CALL}. */
    static List<String> identities(List<String> requested) {
        if (requested.size() > MAX_IDENTITIES_PER_CALL) {
            throw SesException.invalidParameterValue("You can request the attributes of at most " + MAX_IDENTITIES_PER_CALL
                    + " identities at a time; the request named " + requested.size() + ".");
        }
        return requested;
    }

    /** The found identities keyed by the name the caller used, in the caller's order. */
    static Map<String, Identity> byRequestedName(Caller caller, List<String> requested, List<Identity> found) {
        Map<String, Identity> byKey = new LinkedHashMap<>();
        found.forEach(identity -> byKey.put(identity.id, identity));
        Map<String, Identity> byName = new LinkedHashMap<>();
        for (String name : requested) {
            Identity identity = byKey.get(Identity.key(caller.accountId(), name));
            if (identity != null) {
                byName.put(name, identity);
            }
        }
        return byName;
    }
}

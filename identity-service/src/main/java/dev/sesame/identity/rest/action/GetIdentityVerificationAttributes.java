package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetIdentityVerificationAttributes: status (and, for domains, the token) of up to 100 identities.
 * Identities the tenant does not have are left out, as SES does.
 */
@ApplicationScoped
public class GetIdentityVerificationAttributes implements SesAction {

    static final int MAX_IDENTITIES = 100;

    private final IdentityStore store;

    public GetIdentityVerificationAttributes(IdentityStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "GetIdentityVerificationAttributes";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        List<String> requested = new ArrayList<>();
        input.get("Identities").forEach(i -> requested.add(i.asText()));
        if (requested.size() > MAX_IDENTITIES) {
            throw SesException.invalidParameterValue("You can request the attributes of at most " + MAX_IDENTITIES
                    + " identities at a time; the request named " + requested.size() + ".");
        }
        return store.findAll(caller.accountId(), requested).map(found -> {
            Map<String, Identity> byKey = new LinkedHashMap<>();
            found.forEach(identity -> byKey.put(identity.id, identity));
            Map<String, Results.IdentityVerificationAttributes> attributes = new LinkedHashMap<>();
            for (String name : requested) {
                Identity identity = byKey.get(Identity.key(caller.accountId(), name));
                if (identity != null) {
                    attributes.put(name, new Results.IdentityVerificationAttributes(identity.verificationStatus,
                            identity.verificationToken));
                }
            }
            return new Results.GetIdentityVerificationAttributesResult(attributes);
        });
    }
}

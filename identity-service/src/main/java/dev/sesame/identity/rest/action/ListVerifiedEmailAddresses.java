package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** ListVerifiedEmailAddresses (deprecated): the tenant's email identities whose verification succeeded. */
@ApplicationScoped
public class ListVerifiedEmailAddresses implements SesAction {

    private final IdentityStore store;

    public ListVerifiedEmailAddresses(IdentityStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "ListVerifiedEmailAddresses";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        return store.verifiedEmailAddresses(caller.accountId())
                .map(list -> new Results.ListVerifiedEmailAddressesResult(list.stream().map(i -> i.name).toList()));
    }
}

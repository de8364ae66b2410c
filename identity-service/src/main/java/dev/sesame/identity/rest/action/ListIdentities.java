package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * ListIdentities: the tenant's identities of any status, optionally of one type, in pages of MaxItems (1–1000).
 *
 * <p>NextToken is opaque to clients: the key of the last identity of the page, so pages stay stable while
 * identities are added or deleted.
 */
@ApplicationScoped
public class ListIdentities implements SesAction {

    static final int MAX_ITEMS = 1000;

    private final IdentityStore store;

    public ListIdentities(IdentityStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "ListIdentities";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        int maxItems = input.has("MaxItems") ? input.get("MaxItems").asInt() : MAX_ITEMS;
        if (maxItems < 1 || maxItems > MAX_ITEMS) {
            throw SesException.invalidParameterValue("MaxItems must be between 1 and " + MAX_ITEMS + ".");
        }
        String type = input.has("IdentityType") ? input.get("IdentityType").asText() : null;
        String after = input.has("NextToken") ? decode(caller, input.get("NextToken").asText()) : null;
        return store.page(caller.accountId(), type, after, maxItems + 1).map(page -> {
            boolean more = page.size() > maxItems;
            List<Identity> shown = more ? page.subList(0, maxItems) : page;
            String next = more ? encode(shown.get(shown.size() - 1).id) : null;
            return new Results.ListIdentitiesResult(shown.stream().map(i -> i.name).toList(), next);
        });
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(Caller caller, String token) {
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
}

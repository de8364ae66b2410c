package dev.sesame.identity.rest.action;

import dev.sesame.identity.rest.action.IdentityRequests.VerifyDomainDkimRequest;
import dev.sesame.identity.rest.action.IdentityRequests.SetIdentityDkimEnabledRequest;
import dev.sesame.identity.rest.action.IdentityRequests.GetIdentityDkimAttributesRequest;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.IdentityType;
import dev.sesame.identity.model.VerificationStatus;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.identity.service.DkimKeys;
import dev.sesame.identity.service.IdentityCommands;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.identity.service.IdentityJournal;
import dev.sesame.identity.service.IdentityNames;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Easy DKIM: keys and tokens per domain, whether an identity signs, and whether the CNAMEs are in place. */
@ApplicationScoped
public class DkimActions implements SesActions {

    private final IdentityStore store;
    private final IdentityJournal journal;
    private final IdentityCommands commands;
    private final DkimKeys keys;

    public DkimActions(IdentityStore store, IdentityJournal journal, IdentityCommands commands, DkimKeys keys) {
        this.store = store;
        this.journal = journal;
        this.commands = commands;
        this.keys = keys;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "VerifyDomainDkim", SesAction.typed(VerifyDomainDkimRequest.class, this::verifyDomainDkim),
                "GetIdentityDkimAttributes", SesAction.typed(GetIdentityDkimAttributesRequest.class, this::attributes),
                "SetIdentityDkimEnabled", SesAction.typed(SetIdentityDkimEnabledRequest.class, this::setEnabled));
    }

    /**
     * Creates the domain's key pair and tokens once (adding the domain identity if needed); asking again returns
     * the same tokens. The first keys recorded win, so concurrent calls all answer the same tokens.
     */
    private Uni<?> verifyDomainDkim(Caller caller, VerifyDomainDkimRequest request) {
        String domain = IdentityNames.domain(request.domain());
        return store.find(caller.accountId(), domain)
                .chain(existing -> existing != null ? Uni.createFrom().item(existing)
                        : commands.requestVerification(caller, domain, IdentityType.Domain))
                .chain(identity -> {
                    if (identity != null && identity.dkimTokens != null) {
                        return Uni.createFrom().item(tokens(identity));
                    }
                    // The first keys recorded win; when a DeleteIdentity got in between, the keys just made are the answer.
                    return Uni.createFrom().item(keys::generate).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .chain(generated -> journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_DKIM_KEYS_CREATED,
                                            domain, new IdentityEvents.DkimKeysCreated(domain, generated.tokens(), generated.publicKey(),
                                                    generated.sealedPrivateKey()))
                                    .chain(() -> store.find(caller.accountId(), domain))
                                    .map(found -> found != null && found.dkimTokens != null ? tokens(found) : generated.tokens()));
                })
                .map(Results.VerifyDomainDkimResult::new);
    }

    /** An address reports its domain's tokens and status, and its own DkimEnabled. */
    private Uni<?> attributes(Caller caller, GetIdentityDkimAttributesRequest request) {
        List<String> requested = IdentityActions.identities(request.identities()).stream()
                .map(i -> IdentityNames.fromNameOrArn(caller.accountId(), i)).toList();
        List<String> withDomains = new ArrayList<>(requested);
        requested.stream().filter(IdentityNames::isEmailAddress).map(i -> i.substring(i.lastIndexOf('@') + 1)).forEach(withDomains::add);
        return store.findAll(caller.accountId(), withDomains).map(found -> {
            Map<String, Identity> all = new LinkedHashMap<>();
            found.forEach(i -> all.put(i.id, i));
            Map<String, Results.IdentityDkimAttributes> attributes = new LinkedHashMap<>();
            IdentityActions.byRequestedName(caller, requested, found).forEach((name, identity) -> {
                Identity keyHolder = identity.type.equals(IdentityType.Domain.name()) ? identity
                        : all.get(Identity.key(caller.accountId(), identity.domain()));
                boolean hasKeys = keyHolder != null && keyHolder.dkimTokens != null;
                attributes.put(name, new Results.IdentityDkimAttributes(identity.dkimEnabled && hasKeys,
                        hasKeys ? keyHolder.dkimVerificationStatus : VerificationStatus.NotStarted.name(),
                        hasKeys ? tokens(keyHolder) : null));
            });
            return new Results.GetIdentityDkimAttributesResult(attributes);
        });
    }

    /** An identity can sign only once its domain has Easy DKIM keys (VerifyDomainDkim). */
    private Uni<?> setEnabled(Caller caller, SetIdentityDkimEnabledRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        boolean enabled = request.dkimEnabled();
        return store.require(caller.accountId(), name)
                .chain(identity -> (identity.type.equals(IdentityType.Domain.name()) ? Uni.createFrom().item(identity)
                        : store.find(caller.accountId(), identity.domain()))
                        .chain(keyHolder -> {
                            if (enabled && (keyHolder == null || keyHolder.dkimTokens == null)) {
                                throw SesException.invalidParameterValue("Domain " + identity.domain()
                                        + " is not set up for Easy DKIM: call VerifyDomainDkim for it first.");
                            }
                            return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_DKIM_ENABLED_SET,
                                    identity.name, new IdentityEvents.DkimEnabledSet(identity.name, enabled));
                        }))
                .map(ignored -> new Results.Empty());
    }

    private static List<String> tokens(Identity identity) {
        return Arrays.asList(identity.dkimTokens.split(" "));
    }
}

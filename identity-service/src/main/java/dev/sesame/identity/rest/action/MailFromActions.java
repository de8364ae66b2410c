package dev.sesame.identity.rest.action;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.rest.action.IdentityRequests.GetIdentityMailFromDomainAttributesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.SetIdentityMailFromDomainRequest;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.identity.service.IdentityJournal;
import dev.sesame.identity.service.IdentityNames;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Custom MAIL FROM domains: a subdomain of a verified identity whose MX points to the platform's feedback host. */
@ApplicationScoped
public class MailFromActions implements SesActions {

    static final String USE_DEFAULT_VALUE = "UseDefaultValue";

    private final IdentityStore store;
    private final IdentityJournal journal;

    public MailFromActions(IdentityStore store, IdentityJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "SetIdentityMailFromDomain", SesAction.typed(SetIdentityMailFromDomainRequest.class, this::set),
                "GetIdentityMailFromDomainAttributes", SesAction.typed(GetIdentityMailFromDomainAttributesRequest.class, this::attributes));
    }

    /** No MailFromDomain disables the custom MAIL FROM domain. */
    private Uni<?> set(Caller caller, SetIdentityMailFromDomainRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        String mailFrom = request.mailFromDomain() != null && !request.mailFromDomain().isEmpty()
                ? IdentityNames.domain(request.mailFromDomain()) : null;
        String behavior = request.behaviorOnMXFailure() != null ? request.behaviorOnMXFailure() : USE_DEFAULT_VALUE;
        return store.requireVerified(caller.accountId(), name).chain(identity -> {
            if (mailFrom != null && !mailFrom.endsWith("." + identity.domain())) {
                throw SesException.invalidParameterValue("The MAIL FROM domain " + mailFrom + " must be a subdomain of "
                        + identity.domain().toLowerCase(Locale.ROOT) + ".");
            }
            return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_MAIL_FROM_DOMAIN_SET, identity.name,
                    new IdentityEvents.MailFromDomainSet(identity.name, mailFrom, behavior));
        }).map(ignored -> new Results.Empty());
    }

    private Uni<?> attributes(Caller caller, GetIdentityMailFromDomainAttributesRequest request) {
        List<String> requested = IdentityActions.identities(request.identities()).stream()
                .map(i -> IdentityNames.fromNameOrArn(caller.accountId(), i)).toList();
        return store.findAll(caller.accountId(), requested).map(found -> {
            Map<String, Results.IdentityMailFromDomainAttributes> attributes = new LinkedHashMap<>();
            IdentityActions.byRequestedName(caller, requested, found).forEach((name, i) -> attributes.put(name,
                    new Results.IdentityMailFromDomainAttributes(i.mailFromDomain, i.mailFromDomainStatus,
                            i.behaviorOnMxFailure == null ? USE_DEFAULT_VALUE : i.behaviorOnMxFailure)));
            return new Results.GetIdentityMailFromDomainAttributesResult(attributes);
        });
    }
}

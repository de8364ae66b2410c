package dev.sesame.identity.service;

import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.IdentityType;
import dev.sesame.service.api.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The identity commands: each validates against the projection, appends its event to Kafka (the commit point)
 * and answers once the projection shows it, so a read right after a write sees it.
 */
@ApplicationScoped
public class IdentityCommands {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityJournal journal;
    private final IdentityStore store;
    private final ConfirmationMail confirmations;

    public IdentityCommands(IdentityJournal journal, IdentityStore store, ConfirmationMail confirmations) {
        this.journal = journal;
        this.store = store;
        this.confirmations = confirmations;
    }

    /**
     * Starts verification of an address or domain; asking again keeps the identity and its token. An address that
     * is not verified yet gets a confirmation link by mail (a new one each time).
     */
    public Uni<Identity> requestVerification(Caller caller, String identity, IdentityType type) {
        return requestVerification(caller, identity, type, () -> confirmations.send(caller, identity));
    }

    /** SendCustomVerificationEmail: VerifyEmailIdentity's flow, with the template's mail. */
    public Uni<Identity> requestCustomVerification(Caller caller, String address, VerificationTemplates.Template template) {
        return requestVerification(caller, address, IdentityType.EmailAddress, () -> confirmations.sendCustom(caller, address, template));
    }

    private Uni<Identity> requestVerification(Caller caller, String identity, IdentityType type,
                                              java.util.function.Supplier<Uni<Void>> confirmation) {
        return store.find(caller.accountId(), identity).chain(existing -> {
            String token = type == IdentityType.Domain
                    ? existing != null && existing.verificationToken != null ? existing.verificationToken : newToken()
                    : null;
            var payload = new IdentityEvents.VerificationRequested(identity, type.name(), token);
            Uni<Void> requested = append(caller, EventType.IDENTITY_VERIFICATION_REQUESTED, identity, payload);
            boolean mail = type == IdentityType.EmailAddress && (existing == null || !existing.isVerified());
            return mail ? requested.chain(confirmation::get) : requested;
        }).chain(() -> store.find(caller.accountId(), identity));
    }

    /** Deletes an identity; deleting one that does not exist succeeds and records nothing, as in SES. */
    public Uni<Void> delete(Caller caller, String identity) {
        return store.find(caller.accountId(), identity).chain(existing -> existing == null
                ? Uni.createFrom().voidItem()
                : append(caller, EventType.IDENTITY_DELETED, existing.name, new IdentityEvents.Deleted(existing.name)));
    }

    private Uni<Void> append(Caller caller, EventType type, String aggregate, Record payload) {
        return journal.record(caller.accountId(), caller.requestId(), type, aggregate, payload);
    }

    /** A verification token like SES's: 32 random bytes, base64 (44 characters). */
    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

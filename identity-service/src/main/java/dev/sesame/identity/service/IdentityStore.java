package dev.sesame.identity.service;

import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.IdentityPolicy;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads of the identity projection, always scoped to one tenant. */
@ApplicationScoped
public class IdentityStore {

    private final Mutiny.SessionFactory sessions;

    public IdentityStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<Identity> find(String accountId, String identity) {
        return sessions.withSession(session -> session.find(Identity.class, Identity.key(accountId, identity)));
    }

    /** The tenant's identity, or {@code InvalidParameterValue} as SES answers for an identity it does not know. */
    public Uni<Identity> require(String accountId, String identity) {
        return find(accountId, identity).map(found -> {
            if (found == null) {
                throw SesException.invalidParameterValue("Identity " + identity + " is invalid. Must be a verified email address or domain.");
            }
            return found;
        });
    }

    /** Like {@link #require}, and the identity must be verified: itself, or, for an address, through its verified domain. */
    public Uni<Identity> requireVerified(String accountId, String identity) {
        return require(accountId, identity).chain(found -> {
            if (found.isVerified()) {
                return Uni.createFrom().item(found);
            }
            Uni<Identity> domain = found.type.equals("EmailAddress") ? find(accountId, found.domain()) : Uni.createFrom().nullItem();
            return domain.map(owner -> {
                if (owner == null || !owner.isVerified()) {
                    throw SesException.invalidParameterValue("Identity " + identity + " is not verified.");
                }
                return found;
            });
        });
    }

    public Uni<Identity> byConfirmationTokenHash(String hash) {
        return sessions.withSession(session -> session
                .createQuery("from Identity where confirmationTokenHash = :hash", Identity.class)
                .setParameter("hash", hash).setMaxResults(1).getResultList())
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    public Uni<List<IdentityPolicy>> policies(String identityId) {
        return sessions.withSession(session -> session
                .createQuery("from IdentityPolicy where identityId = :id order by name", IdentityPolicy.class)
                .setParameter("id", identityId).getResultList());
    }

    /** Identities whose verification (or DKIM, or MAIL FROM) the DNS checker still has to decide, across tenants. */
    public Uni<List<Identity>> awaitingDnsChecks(int limit) {
        return sessions.withSession(session -> session
                .createQuery("from Identity where (type = 'Domain' and verificationStatus in ('Pending', 'TemporaryFailure'))"
                        + " or dkimVerificationStatus in ('Pending', 'TemporaryFailure')"
                        + " or mailFromDomainStatus in ('Pending', 'TemporaryFailure', 'Failed')"
                        + " order by verificationRequestedAt", Identity.class)
                .setMaxResults(limit).getResultList());
    }

    public Uni<List<Identity>> findAll(String accountId, Collection<String> identities) {
        List<String> keys = identities.stream().map(i -> Identity.key(accountId, i)).toList();
        return sessions.withSession(session -> session
                .createQuery("from Identity where id in :keys", Identity.class)
                .setParameter("keys", keys).getResultList());
    }

    /** One page of a tenant's identities in key order, after {@code afterKey} (exclusive), optionally of one type. */
    public Uni<List<Identity>> page(String accountId, String type, String afterKey, int limit) {
        return sessions.withSession(session -> session
                .createQuery("from Identity where accountId = :account and (:type is null or type = :type)"
                        + " and id > :after order by id", Identity.class)
                .setParameter("account", accountId)
                .setParameter("type", type)
                .setParameter("after", afterKey == null ? accountId + ":" : afterKey)
                .setMaxResults(limit)
                .getResultList());
    }

    public Uni<List<Identity>> verifiedEmailAddresses(String accountId) {
        return sessions.withSession(session -> session
                .createQuery("from Identity where accountId = :account and type = 'EmailAddress'"
                        + " and verificationStatus = 'Success' order by id", Identity.class)
                .setParameter("account", accountId).getResultList());
    }
}

package dev.sesame.identity.service;

import dev.sesame.identity.model.Identity;
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

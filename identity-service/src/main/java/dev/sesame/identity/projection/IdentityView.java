package dev.sesame.identity.projection;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.Projection;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.IdentityPolicy;
import dev.sesame.identity.model.VerificationStatus;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The identities of every tenant, projected into PostgreSQL from {@code sesame.identity.events}.
 *
 * <p>This is the one place identity events change state; live consumption and replay both come through here.
 */
@ApplicationScoped
public class IdentityView implements Projection {

    public static final String NAME = "identities";

    private final Mutiny.SessionFactory sessions;

    public IdentityView(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.IDENTITY);
    }

    @Override
    public Map<TopicPartition, Long> positions() {
        List<ProjectionPosition> stored = await(() -> sessions.withSession(session -> session
                .createQuery("from ProjectionPosition where projection = :p", ProjectionPosition.class)
                .setParameter("p", NAME).getResultList()));
        Map<TopicPartition, Long> positions = new HashMap<>();
        stored.forEach(p -> positions.put(new TopicPartition(p.topic, p.partitionNumber), p.nextOffset));
        return positions;
    }

    @Override
    public void apply(List<ConsumerRecord<String, EventEnvelope>> batch) {
        await(() -> sessions.withTransaction(session -> {
            Map<TopicPartition, List<ConsumerRecord<String, EventEnvelope>>> byPartition = new LinkedHashMap<>();
            batch.forEach(r -> byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new java.util.ArrayList<>()).add(r));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var entry : byPartition.entrySet()) {
                chain = chain.chain(() -> applyPartition(session, entry.getKey(), entry.getValue()));
            }
            return chain;
        }));
    }

    private Uni<Void> applyPartition(Mutiny.Session session, TopicPartition partition, List<ConsumerRecord<String, EventEnvelope>> records) {
        String id = NAME + ":" + partition.topic() + ":" + partition.partition();
        return session.find(ProjectionPosition.class, id).chain(found -> {
            ProjectionPosition position = found;
            if (position == null) {
                position = new ProjectionPosition();
                position.id = id;
                position.projection = NAME;
                position.topic = partition.topic();
                position.partitionNumber = partition.partition();
                position.nextOffset = 0;
            }
            ProjectionPosition current = position;
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumerRecord<String, EventEnvelope> record : records) {
                // Already applied (a redelivery, or another instance got here first): changes nothing.
                if (record.offset() >= current.nextOffset) {
                    chain = chain.chain(() -> applyEvent(session, record.value()));
                }
            }
            long next = Math.max(current.nextOffset, records.get(records.size() - 1).offset() + 1);
            return chain.chain(() -> {
                current.nextOffset = next;
                return found == null ? session.persist(current) : Uni.createFrom().voidItem();
            });
        });
    }

    private Uni<Void> applyEvent(Mutiny.Session session, EventEnvelope event) {
        String identityName = event.payload().path("identity").asText();
        String key = Identity.key(event.tenantId(), identityName);
        return session.find(Identity.class, key).chain(identity -> {
            if (EventType.IDENTITY_VERIFICATION_REQUESTED.is(event.type())) {
                return requested(session, event, key, identity);
            }
            if (identity == null) {
                // An event about an identity deleted since: nothing to change.
                return Uni.createFrom().voidItem();
            }
            return switch (event.eventType()) {
                case IDENTITY_DELETED -> session.createMutationQuery("delete from IdentityPolicy where identityId = :id")
                        .setParameter("id", key).executeUpdate().chain(() -> session.remove(identity));
                case IDENTITY_POLICY_PUT -> policyPut(session, key, event.payloadAs(IdentityEvents.PolicyPut.class));
                case IDENTITY_POLICY_DELETED -> session.find(IdentityPolicy.class,
                                IdentityPolicy.key(key, event.payloadAs(IdentityEvents.PolicyDeleted.class).policyName()))
                        .chain(policy -> policy == null ? Uni.createFrom().voidItem() : session.remove(policy));
                default -> {
                    change(identity, event);
                    yield Uni.createFrom().voidItem();
                }
            };
        });
    }

    private Uni<Void> requested(Mutiny.Session session, EventEnvelope event, String key, Identity existing) {
        IdentityEvents.VerificationRequested requested = event.payloadAs(IdentityEvents.VerificationRequested.class);
        if (existing != null) {
            existing.verificationRequestedAt = event.time();
            if (!existing.isVerified()) {
                existing.verificationStatus = VerificationStatus.Pending.name();
            }
            return Uni.createFrom().voidItem();
        }
        Identity identity = new Identity();
        identity.id = key;
        identity.accountId = event.tenantId();
        identity.name = requested.identity();
        identity.type = requested.identityType();
        identity.verificationStatus = VerificationStatus.Pending.name();
        identity.verificationToken = requested.verificationToken();
        identity.createdAt = event.time();
        identity.verificationRequestedAt = event.time();
        return session.persist(identity);
    }

    private static Uni<Void> policyPut(Mutiny.Session session, String identityKey, IdentityEvents.PolicyPut put) {
        return session.find(IdentityPolicy.class, IdentityPolicy.key(identityKey, put.policyName())).chain(existing -> {
            if (existing != null) {
                existing.policy = put.policy();
                return Uni.createFrom().voidItem();
            }
            IdentityPolicy policy = new IdentityPolicy();
            policy.id = IdentityPolicy.key(identityKey, put.policyName());
            policy.identityId = identityKey;
            policy.name = put.policyName();
            policy.policy = put.policy();
            return session.persist(policy);
        });
    }

    /** The events that change fields of one identity. */
    private static void change(Identity identity, EventEnvelope event) {
        switch (event.eventType()) {
            case IDENTITY_CONFIRMATION_MAILED -> {
                IdentityEvents.ConfirmationMailed mailed = event.payloadAs(IdentityEvents.ConfirmationMailed.class);
                identity.confirmationTokenHash = mailed.tokenHash();
                identity.confirmationExpiresAt = mailed.expiresAt();
                identity.confirmationSuccessUrl = mailed.successRedirectionUrl();
                identity.confirmationFailureUrl = mailed.failureRedirectionUrl();
            }
            case IDENTITY_VERIFICATION_STATUS_CHANGED -> {
                identity.verificationStatus = event.payloadAs(IdentityEvents.VerificationStatusChanged.class).status();
                if (identity.isVerified()) {
                    identity.confirmationTokenHash = null;
                }
            }
            case IDENTITY_DKIM_KEYS_CREATED -> {
                if (identity.dkimTokens != null) {
                    // The first keys recorded win: concurrent VerifyDomainDkim calls all answer the same tokens.
                    return;
                }
                IdentityEvents.DkimKeysCreated keys = event.payloadAs(IdentityEvents.DkimKeysCreated.class);
                identity.dkimTokens = String.join(" ", keys.tokens());
                identity.dkimPublicKey = keys.publicKey();
                identity.dkimPrivateKey = keys.privateKey();
                identity.dkimEnabled = true;
                identity.dkimVerificationStatus = VerificationStatus.Pending.name();
            }
            case IDENTITY_DKIM_ENABLED_SET -> identity.dkimEnabled = event.payloadAs(IdentityEvents.DkimEnabledSet.class).enabled();
            case IDENTITY_DKIM_STATUS_CHANGED ->
                    identity.dkimVerificationStatus = event.payloadAs(IdentityEvents.DkimStatusChanged.class).status();
            case IDENTITY_MAIL_FROM_DOMAIN_SET -> {
                IdentityEvents.MailFromDomainSet set = event.payloadAs(IdentityEvents.MailFromDomainSet.class);
                identity.mailFromDomain = set.mailFromDomain();
                identity.behaviorOnMxFailure = set.behaviorOnMxFailure();
                identity.mailFromDomainStatus = set.mailFromDomain() == null ? null : VerificationStatus.Pending.name();
            }
            case IDENTITY_MAIL_FROM_STATUS_CHANGED ->
                    identity.mailFromDomainStatus = event.payloadAs(IdentityEvents.MailFromStatusChanged.class).status();
            case IDENTITY_NOTIFICATION_TOPIC_SET -> {
                IdentityEvents.NotificationTopicSet set = event.payloadAs(IdentityEvents.NotificationTopicSet.class);
                switch (set.notificationType()) {
                    case "Bounce" -> identity.bounceTopic = set.snsTopic();
                    case "Complaint" -> identity.complaintTopic = set.snsTopic();
                    default -> identity.deliveryTopic = set.snsTopic();
                }
            }
            case IDENTITY_FEEDBACK_FORWARDING_SET ->
                    identity.forwardingEnabled = event.payloadAs(IdentityEvents.FeedbackForwardingSet.class).enabled();
            case IDENTITY_HEADERS_IN_NOTIFICATIONS_SET -> {
                IdentityEvents.HeadersInNotificationsSet set = event.payloadAs(IdentityEvents.HeadersInNotificationsSet.class);
                switch (set.notificationType()) {
                    case "Bounce" -> identity.headersInBounceNotifications = set.enabled();
                    case "Complaint" -> identity.headersInComplaintNotifications = set.enabled();
                    default -> identity.headersInDeliveryNotifications = set.enabled();
                }
            }
            // Event types of later schema versions or other features: ignored, never fatal.
            default -> {
            }
        }
    }

    @Override
    public void reset() {
        await(() -> sessions.withTransaction(session -> session.createMutationQuery("delete from IdentityPolicy").executeUpdate()
                .chain(() -> session.createMutationQuery("delete from Identity").executeUpdate())
                .chain(() -> session.createMutationQuery("delete from ProjectionPosition where projection = :p")
                        .setParameter("p", NAME).executeUpdate())
                .replaceWithVoid()));
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}

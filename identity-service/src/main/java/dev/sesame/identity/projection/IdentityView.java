package dev.sesame.identity.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.Projection;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.VerificationStatus;
import dev.sesame.identity.service.IdentityEvents;
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

    static final String NAME = "identities";

    private final Mutiny.SessionFactory sessions;

    public IdentityView(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<String> topics() {
        return List.of(IdentityEvents.TOPIC);
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
        return switch (event.type()) {
            case IdentityEvents.VERIFICATION_REQUESTED -> {
                IdentityEvents.VerificationRequested requested = payload(event, IdentityEvents.VerificationRequested.class);
                String key = Identity.key(event.tenantId(), requested.identity());
                yield session.find(Identity.class, key).chain(existing -> {
                    if (existing != null) {
                        if (existing.verificationStatus.equals(VerificationStatus.Failed.name())) {
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
                    return session.persist(identity);
                });
            }
            case IdentityEvents.DELETED -> {
                IdentityEvents.Deleted deleted = payload(event, IdentityEvents.Deleted.class);
                yield session.find(Identity.class, Identity.key(event.tenantId(), deleted.identity()))
                        .chain(existing -> existing == null ? Uni.createFrom().voidItem() : session.remove(existing));
            }
            // Event types of later schema versions or other features: ignored, never fatal.
            default -> Uni.createFrom().voidItem();
        };
    }

    @Override
    public void reset() {
        await(() -> sessions.withTransaction(session -> session.createMutationQuery("delete from Identity").executeUpdate()
                .chain(() -> session.createMutationQuery("delete from ProjectionPosition where projection = :p")
                        .setParameter("p", NAME).executeUpdate())
                .replaceWithVoid()));
    }

    private static <T> T payload(EventEnvelope event, Class<T> type) {
        try {
            return EventCodec.JSON.treeToValue(event.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed " + event.type() + " payload in event " + event.eventId(), e);
        }
    }

    private static <T> T await(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}

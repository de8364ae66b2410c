package dev.sesame.gateway.tenant;

import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.Projection;
import dev.sesame.eventlog.catalogue.TenancyEvents;
import dev.sesame.eventlog.catalogue.Topics;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The gateway's tenant and access-key tables, projected from {@code sesame.tenancy.events}: the one place they
 * change. Each batch and the positions it reached are one transaction; an event that cannot apply (a second tenant
 * with a name or account id that exists, a key of a tenant that does not) changes nothing.
 */
@ApplicationScoped
public class TenancyView implements Projection {

    private final Mutiny.SessionFactory sessions;

    public TenancyView(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.TENANCY);
    }

    @Override
    public Map<TopicPartition, Long> positions() {
        List<TenancyPosition> stored = await(() -> sessions.withSession(session -> session
                .createQuery("from TenancyPosition", TenancyPosition.class).getResultList()));
        Map<TopicPartition, Long> positions = new HashMap<>();
        stored.forEach(p -> positions.put(new TopicPartition(p.topic, p.partitionNumber), p.nextOffset));
        return positions;
    }

    @Override
    public void apply(List<ConsumerRecord<String, EventEnvelope>> batch) {
        await(() -> sessions.withTransaction(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumerRecord<String, EventEnvelope> record : batch) {
                chain = chain.chain(() -> applyRecord(session, record));
            }
            return chain;
        }));
    }

    private Uni<Void> applyRecord(Mutiny.Session session, ConsumerRecord<String, EventEnvelope> record) {
        String id = record.topic() + ":" + record.partition();
        return session.find(TenancyPosition.class, id).chain(found -> {
            if (found != null && record.offset() < found.nextOffset) {
                return Uni.createFrom().voidItem(); // applied before (a redelivery): changes nothing
            }
            TenancyPosition position = found != null ? found : new TenancyPosition();
            position.id = id;
            position.topic = record.topic();
            position.partitionNumber = record.partition();
            position.nextOffset = record.offset() + 1;
            Uni<Void> applied = record.value() == null ? Uni.createFrom().voidItem() : applyEvent(session, record.value());
            // Flushed per event, so the next event of the batch sees this one's rows (a name taken, a key made).
            return applied.chain(() -> found == null ? session.persist(position) : Uni.createFrom().voidItem()).chain(session::flush);
        });
    }

    private Uni<Void> applyEvent(Mutiny.Session session, EventEnvelope event) {
        return switch (event.eventType()) {
            case TENANT_CREATED -> created(session, event, event.payloadAs(TenancyEvents.TenantCreated.class));
            case TENANT_UPDATED -> {
                var changes = event.payloadAs(TenancyEvents.TenantUpdated.class);
                yield session.find(Tenant.class, changes.accountId()).invoke(tenant -> {
                    if (tenant != null) {
                        tenant.max24HourSend = changes.max24HourSend() != null ? changes.max24HourSend() : tenant.max24HourSend;
                        tenant.maxSendRate = changes.maxSendRate() != null ? changes.maxSendRate() : tenant.maxSendRate;
                        tenant.sandbox = changes.sandbox() != null ? changes.sandbox() : tenant.sandbox;
                        tenant.suspended = changes.suspended() != null ? changes.suspended() : tenant.suspended;
                    }
                }).replaceWithVoid();
            }
            case ACCESS_KEY_CREATED -> {
                var created = event.payloadAs(TenancyEvents.AccessKeyCreated.class);
                yield session.find(Tenant.class, created.accountId()).chain(tenant -> tenant == null ? Uni.createFrom().voidItem()
                        : addKey(session, created.accountId(), created.accessKeyId(), created.sealedSecret(), event));
            }
            case ACCESS_KEY_STATUS_SET -> {
                var status = event.payloadAs(TenancyEvents.AccessKeyStatusSet.class);
                yield session.find(AccessKey.class, status.accessKeyId()).invoke(key -> {
                    if (key != null && key.accountId.equals(status.accountId())) {
                        key.active = status.active();
                    }
                }).replaceWithVoid();
            }
            case ACCESS_KEY_DELETED -> {
                var deleted = event.payloadAs(TenancyEvents.AccessKeyDeleted.class);
                yield session.find(AccessKey.class, deleted.accessKeyId()).chain(key -> key == null || !key.accountId.equals(deleted.accountId())
                        ? Uni.createFrom().voidItem() : session.remove(key));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    /** The first tenant with an account id, and with a name, wins; a later one changes nothing. */
    private static Uni<Void> created(Mutiny.Session session, EventEnvelope event, TenancyEvents.TenantCreated created) {
        return session.find(Tenant.class, created.accountId()).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                : session.createQuery("select count(*) from Tenant where name = :name", Long.class).setParameter("name", created.name())
                        .getSingleResult().chain(named -> {
                            if (named > 0) {
                                return Uni.createFrom().voidItem();
                            }
                            Tenant tenant = new Tenant();
                            tenant.accountId = created.accountId();
                            tenant.name = created.name();
                            tenant.region = created.region();
                            tenant.sandbox = created.sandbox();
                            tenant.max24HourSend = created.max24HourSend();
                            tenant.maxSendRate = created.maxSendRate();
                            tenant.createdAt = event.time();
                            return session.persist(tenant).chain(() -> created.accessKeyId() == null ? Uni.createFrom().voidItem()
                                    : addKey(session, created.accountId(), created.accessKeyId(), created.sealedSecret(), event));
                        }));
    }

    /** An active key, unless a key of that id exists (its first creation wins). */
    private static Uni<Void> addKey(Mutiny.Session session, String accountId, String accessKeyId, String sealedSecret, EventEnvelope event) {
        return session.find(AccessKey.class, accessKeyId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            AccessKey key = new AccessKey();
            key.accessKeyId = accessKeyId;
            key.accountId = accountId;
            key.encryptedSecret = sealedSecret;
            key.active = true;
            key.createdAt = event.time();
            return session.persist(key);
        });
    }

    @Override
    public void reset() {
        await(() -> sessions.withTransaction(session -> session.createMutationQuery("delete from AccessKey").executeUpdate()
                .chain(() -> session.createMutationQuery("delete from Tenant").executeUpdate())
                .chain(() -> session.createMutationQuery("delete from TenancyPosition").executeUpdate())
                .replaceWithVoid()));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}

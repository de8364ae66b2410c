package dev.sesame.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sesame.testing.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * A transactional producer that fails for good (here: the broker stops authorizing its transactional id, a fatal
 * error for Kafka's client) is replaced, so the event log writes again once the cause is gone instead of failing
 * every later append.
 */
class ProducerRecoveryTest {

    private static final String TOPIC = "sesame.test.recovery";
    private static final String TRANSACTIONAL_ID = "test-recovery";

    @Test
    void appendsWorkAgainAfterAFatalProducerError() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found", "true"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             EventLog log = new EventLog(broker.bootstrapServers(), "test-recovery", TRANSACTIONAL_ID)) {
            log.ensureTopics(List.of(TOPIC), 1);
            append(log);

            AclBinding deny = new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, TRANSACTIONAL_ID, PatternType.LITERAL),
                    new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.WRITE, AclPermissionType.DENY));
            admin.createAcls(List.of(deny)).all().get(10, TimeUnit.SECONDS);
            Throwable refused = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); refused == null && System.nanoTime() < deadline; ) {
                try {
                    append(log);
                    Thread.sleep(100);
                } catch (ExecutionException e) {
                    refused = e.getCause();
                }
            }
            assertTrue(causedBy(refused, TransactionalIdAuthorizationException.class), "the broker refused the transaction: " + refused);

            admin.deleteAcls(List.of(deny.toFilter())).all().get(10, TimeUnit.SECONDS);
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); ; ) {
                try {
                    RecordMetadata written = append(log);
                    assertEquals(TOPIC, written.topic());
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        fail("the event log never wrote again after the cause was gone", e.getCause());
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** A fenced producer is not replaced: that would fence the instance that took the id over, and so on. */
    @Test
    void aFencedLogStaysStoppedAndTheNewInstanceKeepsWriting() throws Exception {
        String id = "test-fenced";
        try (EventLog old = new EventLog(KafkaBroker.shared().bootstrapServers(), "test-fenced-old", id)) {
            old.ensureTopics(List.of(TOPIC), 1);
            append(old);
            try (EventLog taker = new EventLog(KafkaBroker.shared().bootstrapServers(), "test-fenced-new", id)) {
                for (int i = 0; i < 3; i++) {
                    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> append(old));
                    assertTrue(refused.getCause() instanceof IllegalStateException
                            && refused.getCause().getMessage().contains("another instance"), String.valueOf(refused.getCause()));
                }
                assertEquals(TOPIC, append(taker).topic());
            }
        }
    }

    private static RecordMetadata append(EventLog log) throws Exception {
        EventEnvelope event = EventEnvelope.of("ThingHappened", 1, "123456789012", "a", "req", JsonNodeFactory.instance.objectNode().put("n", 1));
        return log.appendAtomically(List.of(new EventLog.Append(TOPIC, "a", event))).get(30, TimeUnit.SECONDS).get(0);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (causedBy(suppressed, type)) {
                    return true;
                }
            }
        }
        return false;
    }
}

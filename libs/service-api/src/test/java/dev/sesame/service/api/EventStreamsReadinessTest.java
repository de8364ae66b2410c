package dev.sesame.service.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.InMemoryProjection;
import dev.sesame.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service is not ready while its read models are still replaying the history in their topics, and is once they
 * have read to the end the topics had when it started (what {@code /q/health/ready} reports through
 * {@link ReadModelsReadiness}).
 */
class EventStreamsReadinessTest {

    @Test
    void notReadyUntilTheProjectionsHaveReadTheHistory() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topic = "sesame.test.readiness";
        CountDownLatch replaying = new CountDownLatch(1);
        InMemoryProjection slow = new InMemoryProjection(topic) {
            @Override
            protected void apply(EventEnvelope event) {
                try {
                    replaying.await(); // the history takes as long as the test says
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            protected void clear() {
            }
        };
        EventLog log = new EventLog(bootstrap, "readiness-test");
        log.ensureTopics(List.of(topic), 1);
        for (int i = 0; i < 100; i++) {
            log.append(topic, "k", EventEnvelope.of("Happened", 1, "000000000001", "a" + i, null, JsonNodeFactory.instance.objectNode()))
                    .get(10, TimeUnit.SECONDS);
        }
        try (EventStreams streams = new EventStreams(log, bootstrap, Duration.ofSeconds(10))) {
            streams.projection("readiness-test", slow);
            assertFalse(streams.caughtUp(), "not ready before it starts");
            streams.start();
            Thread.sleep(1_000);
            assertFalse(streams.caughtUp(), "not ready while the history is being applied");
            replaying.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!streams.caughtUp() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(streams.caughtUp(), "ready once the projection has read the topic to its end");
        }
    }
}

package dev.sesame.sending;

import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading accepted messages pauses while too many wait for delivery and resumes as they are delivered: with a
 * queue of one message, a burst is still delivered in full, each message once.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(DeliveryBackpressureTest.TinyQueue.class)
class DeliveryBackpressureTest {

    public static class TinyQueue implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("sesame.sending.max-queued", "1", "sesame.sending.delivery-threads", "1");
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    SenderIdentities identities;

    @Test
    void aBurstIsDeliveredInFullThroughASmallQueue() {
        String a = "800000000101";
        verified(identities, a, "burst.example.com");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(call(a, "SendEmail", email("me@burst.example.com", List.of("success@simulator.amazonses.com"), "burst " + i, "t"))
                    .statusCode(200).extract().path("MessageId"));
        }
        for (String id : ids) {
            assertEquals(1, count(events(id, e -> count(e, "Delivery") >= 1), "Delivery"), id);
        }
    }
}

package dev.sesame.sending;

import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The delivery client upgrades to TLS when the server offers STARTTLS: a server that demands TLS gets the mail. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(StartTlsTest.TlsRelay.class)
class StartTlsTest {

    public static class TlsRelay implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("sesame.sending.relay", "127.0.0.1:" + ProgrammableSmtpSink.tlsOnly().port(),
                    "sesame.sending.retry-backoff", "PT0.5S", "sesame.sending.retry-for", "PT2S");
        }

        @Override
        public void stop() {
            // shared by the JVM
        }
    }

    @Inject
    SenderIdentities identities;

    @Test
    void mailReachesAServerThatRequiresStartTls() {
        String a = "800000000001";
        verified(identities, a, "tls.example.com");
        String id = call(a, "SendEmail", email("me@tls.example.com", List.of("secure@rcpt.example.com"), "s", "t"))
                .statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Delivery") == 1);
        assertEquals(1, ProgrammableSmtpSink.tlsOnly().to("secure@rcpt.example.com").size());
    }
}

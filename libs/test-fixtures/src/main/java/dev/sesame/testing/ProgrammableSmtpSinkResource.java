package dev.sesame.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the JVM's {@link ProgrammableSmtpSink} as the sending service's relay, with fast retries. */
public class ProgrammableSmtpSinkResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "sesame.sending.relay", "127.0.0.1:" + ProgrammableSmtpSink.shared().port(),
                "sesame.sending.retry-backoff", "PT0.5S",
                "sesame.sending.retry-for", "PT4S");
    }

    @Override
    public void stop() {
        // shared by the JVM
    }
}

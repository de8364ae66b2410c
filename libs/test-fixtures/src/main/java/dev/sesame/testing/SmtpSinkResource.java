package dev.sesame.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the JVM's {@link SmtpSink} as the service's SMTP relay (the mailer really sends). */
public class SmtpSinkResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(SmtpSink.shared().port()));
    }

    @Override
    public void stop() {
        // shared by the JVM
    }
}

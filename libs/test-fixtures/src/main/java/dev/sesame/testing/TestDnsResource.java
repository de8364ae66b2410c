package dev.sesame.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the JVM's {@link TestDnsServer} as the identity service's DNS resolver. */
public class TestDnsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("sesame.identity.verification.resolver", TestDnsServer.shared().address());
    }

    @Override
    public void stop() {
        // shared by the JVM
    }
}

package dev.sesame.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.ses.protocol.SesException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A tenant past its request rate gets SES's Throttling error; other tenants are not affected. */
class ThrottleTest {

    private static GatewayConfig rate(int perSecond) {
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(), new Class<?>[] {GatewayConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("requestsPerSecond")) {
                        return perSecond;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theCallAfterTheBurstIsThrottledWithRateExceeded() {
        Throttle throttle = new Throttle(rate(3));
        for (int i = 0; i < 3; i++) {
            throttle.admit("111111111111");
        }
        SesException e = assertThrows(SesException.class, () -> throttle.admit("111111111111"));
        assertEquals("Throttling", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals("Rate exceeded", e.getMessage());
        assertDoesNotThrow(() -> throttle.admit("222222222222"));
    }

    @Test
    void theBucketRefillsOverTime() throws InterruptedException {
        Throttle throttle = new Throttle(rate(10));
        for (int i = 0; i < 10; i++) {
            throttle.admit("333333333333");
        }
        Thread.sleep(250);
        assertDoesNotThrow(() -> throttle.admit("333333333333"));
    }
}

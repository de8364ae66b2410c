package dev.sesame.testing;

import dev.sesame.security.InternalToken;
import java.time.Instant;

/** The gateway's credentials for a service test's calls to the internal API, under the services' test key. */
public final class InternalCalls {

    /** The {@code %test} profile's {@code sesame.internal.key} of every service. */
    public static final String TEST_KEY = "c2VzYW1lLXRlc3QtaW50ZXJuYWwta2V5LTMyYnl0ZXM=";
    private static final InternalToken TOKENS = new InternalToken(TEST_KEY);

    private InternalCalls() {
    }

    /** {@code Bearer …} for a tenant's call, with the tenant's facts. */
    public static String tenant(String service, String account, String region, boolean sandbox, double max24HourSend, double maxSendRate) {
        return bearer(InternalToken.Claims.tenant(service, account, region, "test", sandbox, max24HourSend, maxSendRate));
    }

    /** A production tenant in us-east-1 with SES's default sandbox quotas. */
    public static String tenant(String service, String account) {
        return tenant(service, account, "us-east-1", false, 200, 1);
    }

    public static String operator(String service) {
        return bearer(InternalToken.Claims.of(service, InternalToken.Role.operator));
    }

    public static String relay(String service) {
        return bearer(InternalToken.Claims.of(service, InternalToken.Role.relay));
    }

    public static String bearer(InternalToken.Claims claims) {
        return "Bearer " + TOKENS.sign(claims, Instant.now());
    }
}

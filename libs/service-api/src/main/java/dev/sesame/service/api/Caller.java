package dev.sesame.service.api;

/**
 * Who is calling, as the gateway established it: the tenant's account, the region the request was signed for,
 * the API request id, and the tenant's sandbox flag and sending quotas (recipients per 24 hours and per second;
 * -1 is unlimited); {@code warmUp} for the gateway's warm-up requests ({@link dev.sesame.security.WarmUp}), which
 * must change nothing.
 */
public record Caller(String accountId, String region, String requestId, boolean sandbox, double max24HourSend,
                     double maxSendRate, boolean warmUp) {

    public Caller(String accountId, String region, String requestId, boolean sandbox, double max24HourSend, double maxSendRate) {
        this(accountId, region, requestId, sandbox, max24HourSend, maxSendRate, false);
    }
}

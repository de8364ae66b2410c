package dev.sesame.service.api;

import dev.sesame.security.WarmUp;

/**
 * Who is calling, as the gateway established it: the tenant's account, the region the request was signed for,
 * the API request id, and the tenant's sandbox flag and sending quotas (recipients per 24 hours and per second;
 * -1 is unlimited).
 */
public record Caller(String accountId, String region, String requestId, boolean sandbox, double max24HourSend,
                     double maxSendRate) {

    /** Whether this is the gateway's own warm-up ({@link WarmUp}), whose requests must change nothing. */
    public boolean warmUp() {
        return WarmUp.ACCOUNT.equals(accountId);
    }
}

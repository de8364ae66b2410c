package dev.sesame.gateway.auth;

import dev.sesame.security.WarmUp;

/**
 * An authenticated tenant: the tenant's account, the region the request was signed for, its sandbox flag and
 * its sending quotas (recipients per 24 hours and per second).
 */
public record AuthenticatedTenant(String accountId, String region, boolean sandbox, double max24HourSend, double maxSendRate) {

    /** Whether this is the gateway's own warm-up tenant ({@link WarmUp}). */
    public boolean warmUp() {
        return WarmUp.ACCOUNT.equals(accountId);
    }
}

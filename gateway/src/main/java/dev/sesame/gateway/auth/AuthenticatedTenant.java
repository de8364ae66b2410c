package dev.sesame.gateway.auth;

/**
 * An authenticated tenant: the tenant's account, the region the request was signed for, its sandbox flag and
 * its sending quotas (recipients per 24 hours and per second); {@code warmUp} for the gateway's own warm-up tenant
 * ({@link dev.sesame.security.WarmUp}).
 */
public record AuthenticatedTenant(String accountId, String region, boolean sandbox, double max24HourSend, double maxSendRate,
                                  boolean warmUp) {

    public AuthenticatedTenant(String accountId, String region, boolean sandbox, double max24HourSend, double maxSendRate) {
        this(accountId, region, sandbox, max24HourSend, maxSendRate, false);
    }
}

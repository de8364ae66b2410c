package dev.sesame.gateway.auth;

/**
 * An authenticated tenant: the tenant's account, the region the request was signed for, its sandbox flag and
 * its sending quotas (recipients per 24 hours and per second).
 */
public record AuthenticatedTenant(String accountId, String region, boolean sandbox, double max24HourSend, double maxSendRate) {
}

package dev.sesame.gateway.auth;

/**
 * An authenticated caller: the tenant's account, the region the request was signed for, its sandbox flag and
 * its sending quotas (recipients per 24 hours and per second).
 */
public record Caller(String accountId, String region, boolean sandbox, double max24HourSend, double maxSendRate) {
}

package dev.sesame.service.api;

/**
 * Who is calling, as the gateway established it: the tenant's account, the region the request was signed for,
 * the API request id, and the tenant's sandbox flag and sending quotas (recipients per 24 hours and per second;
 * -1 is unlimited).
 */
public record Caller(String accountId, String region, String requestId, boolean sandbox, double max24HourSend,
                     double maxSendRate) {
}

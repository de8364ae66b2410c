package dev.sesame.identity.rest;

/** Who is calling, as the gateway established it: the tenant's account, its region, the API request id. */
public record Caller(String accountId, String region, String requestId) {
}

package dev.sesame.gateway.auth;

/** An authenticated caller: the tenant's account, the region the request was signed for, and its sandbox flag. */
public record Caller(String accountId, String region, boolean sandbox) {
}

package dev.sesame.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential the gateway puts on every call to a service: a JWT (RFC 7519) signed with HMAC-SHA256 (JWS HS256,
 * RFC 7515) under the internal key the gateway and the services share. It names its issuer, the one service it is
 * for (audience), the role of the call, the tenant and its facts (region, sandbox, quotas) when a tenant's request
 * is relayed, the request id, and an expiry of seconds.
 */
public final class InternalToken {

    public static final String ISSUER = "sesame-gateway";
    /** How long a token is good for: one call, with room for a slow service and clock skew between hosts. */
    public static final long LIFETIME_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = base64(("{\"alg\":\"HS256\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));

    /** What a call may do: act for one tenant, act as an operator across tenants, or relay a public request (a link). */
    public enum Role { tenant, operator, relay }

    /** The verified claims of a token. Tenant facts are present only in a tenant's token. */
    public record Claims(String audience, Role role, String account, String region, String requestId, boolean sandbox,
                         double max24HourSend, double maxSendRate, long expiresAt) {

        public static Claims tenant(String audience, String account, String region, String requestId, boolean sandbox,
                                    double max24HourSend, double maxSendRate) {
            return new Claims(audience, Role.tenant, account, region, requestId, sandbox, max24HourSend, maxSendRate, 0);
        }

        /** The gateway's warm-up tenant ({@link WarmUp#ACCOUNT}, production, unlimited), for one warm-up request. */
        public static Claims warmUp(String audience, String region, String requestId) {
            return tenant(audience, WarmUp.ACCOUNT, region, requestId, false, -1, -1);
        }

        /** Whether this is the gateway's own warm-up ({@link WarmUp}), whose requests must change nothing. */
        public boolean warmUp() {
            return role == Role.tenant && WarmUp.ACCOUNT.equals(account);
        }

        public static Claims of(String audience, Role role) {
            return new Claims(audience, role, null, null, null, false, 0, 0, 0);
        }
    }

    private final byte[] key;
    /** HMAC-SHA256 under this key, one per thread (a Mac is reset by doFinal and cannot be shared between threads). */
    private final ThreadLocal<Mac> macs;

    /** @param base64Key base64 of at least 32 random bytes */
    public InternalToken(String base64Key) {
        this.key = Base64.getDecoder().decode(base64Key);
        if (key.length < 32) {
            throw new IllegalArgumentException("the internal key must be at least 32 bytes (base64 of 32 random bytes)");
        }
        this.macs = ThreadLocal.withInitial(() -> hmacSha256(key));
    }

    /** A signed token with these claims, expiring {@link #LIFETIME_SECONDS} after {@code now}. */
    public String sign(Claims claims, Instant now) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("iss", ISSUER);
        payload.put("aud", claims.audience());
        payload.put("role", claims.role().name());
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.getEpochSecond() + LIFETIME_SECONDS);
        if (claims.account() != null) {
            payload.put("sub", claims.account());
            payload.put("region", claims.region());
            payload.put("sandbox", claims.sandbox());
            payload.put("max24HourSend", claims.max24HourSend());
            payload.put("maxSendRate", claims.maxSendRate());
        }
        if (claims.requestId() != null) {
            payload.put("rid", claims.requestId());
        }
        String signingInput = HEADER + "." + base64(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + base64(mac(signingInput));
    }

    /**
     * The claims of a token this key signed for this audience and that has not expired; empty for anything else
     * (malformed, another algorithm, a wrong signature, issuer or audience, expired).
     */
    public Optional<Claims> verify(String token, String audience, Instant now) {
        if (token == null) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first < 0 || last == first || !token.substring(0, first).equals(HEADER)) {
            return Optional.empty();
        }
        byte[] signature;
        JsonNode payload;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(last + 1));
            payload = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(first + 1, last)));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(token.substring(0, last)), signature) || payload == null
                || !ISSUER.equals(payload.path("iss").asText()) || !audience.equals(payload.path("aud").asText())
                || !payload.path("exp").canConvertToLong() || payload.path("exp").asLong() <= now.getEpochSecond()) {
            return Optional.empty();
        }
        Role role;
        try {
            role = Role.valueOf(payload.path("role").asText());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String account = payload.path("sub").asText(null);
        if (role == Role.tenant && (account == null || !payload.hasNonNull("region"))) {
            return Optional.empty();
        }
        return Optional.of(new Claims(audience, role, account, payload.path("region").asText(null), payload.path("rid").asText(null),
                payload.path("sandbox").asBoolean(false), payload.path("max24HourSend").asDouble(0),
                payload.path("maxSendRate").asDouble(0), payload.path("exp").asLong()));
    }

    /**
     * A value only the holder of the key can make for this text (e.g. the token an SNS-style unsubscribe link
     * carries for its subscription), base64url.
     */
    public String seal(String purpose, String text) {
        return base64(mac(purpose + "\n" + text));
    }

    /** Whether {@code value} is what {@link #seal} makes for this purpose and text, compared in constant time. */
    public boolean sealed(String purpose, String text, String value) {
        if (value == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(mac(purpose + "\n" + text), Base64.getUrlDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String input) {
        return macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8));
    }


    private static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** JWS HS256: HMAC-SHA256 of the UTF-8 bytes of the input. */
    static byte[] hs256(byte[] key, String input) {
        return hmacSha256(key).doFinal(input.getBytes(StandardCharsets.UTF_8));
    }

    static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

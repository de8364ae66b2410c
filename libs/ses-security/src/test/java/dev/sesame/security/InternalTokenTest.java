package dev.sesame.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class InternalTokenTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final InternalToken TOKENS = new InternalToken(KEY);
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    /** RFC 7515, Appendix A.1: the HS256 example's key, signing input and signature. */
    @Test
    void signaturesAreJwsHs256AsRfc7515ComputesThem() {
        byte[] key = Base64.getUrlDecoder().decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
        String input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        assertEquals("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", InternalToken.base64(InternalToken.hs256(key, input)));
    }

    @Test
    void aTokenCarriesTheTenantAndItsFactsToTheServiceItNames() {
        String token = TOKENS.sign(InternalToken.Claims.tenant("sending", "123456789012", "eu-west-1", "req-1", false, 500, 7), NOW);
        InternalToken.Claims claims = TOKENS.verify(token, "sending", NOW.plusSeconds(59)).orElseThrow();
        assertEquals(InternalToken.Role.tenant, claims.role());
        assertEquals("123456789012", claims.account());
        assertEquals("eu-west-1", claims.region());
        assertEquals("req-1", claims.requestId());
        assertFalse(claims.sandbox());
        assertEquals(500, claims.max24HourSend());
        assertEquals(7, claims.maxSendRate());
        assertFalse(claims.warmUp(), "a tenant's request is no warm-up");
    }

    @Test
    void aWarmUpTokenNamesTheWarmUpTenantAndSaysSo() {
        String token = TOKENS.sign(InternalToken.Claims.warmUp("sending", "us-east-1", "req-2"), NOW);
        InternalToken.Claims claims = TOKENS.verify(token, "sending", NOW).orElseThrow();
        assertTrue(claims.warmUp());
        assertEquals(WarmUp.ACCOUNT, claims.account());
        assertEquals(InternalToken.Role.tenant, claims.role());
    }

    @Test
    void anotherAudienceAnotherKeyAnExpiryOrATamperedClaimIsRefused() {
        String token = TOKENS.sign(InternalToken.Claims.tenant("sending", "123456789012", "us-east-1", null, true, 200, 1), NOW);
        assertTrue(TOKENS.verify(token, "sending", NOW).isPresent());
        assertTrue(TOKENS.verify(token, "identity", NOW).isEmpty(), "a token for one service does not open another");
        assertTrue(TOKENS.verify(token, "sending", NOW.plusSeconds(InternalToken.LIFETIME_SECONDS)).isEmpty(), "expired");
        InternalToken other = new InternalToken(Base64.getEncoder().encodeToString(new byte[32]));
        assertTrue(other.verify(token, "sending", NOW).isEmpty(), "signed with another key");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String unsandboxed = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"sandbox\":true", "\"sandbox\":false").getBytes(StandardCharsets.UTF_8));
        assertTrue(TOKENS.verify(parts[0] + "." + unsandboxed + "." + parts[2], "sending", NOW).isEmpty(), "a changed claim");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(TOKENS.verify(none + "." + parts[1] + ".", "sending", NOW).isEmpty(), "alg none");
        for (String garbage : new String[] {"", "a.b", "a.b.c", parts[0] + ".!!!." + parts[2], token + "x"}) {
            assertTrue(TOKENS.verify(garbage, "sending", NOW).isEmpty(), garbage);
        }
    }

    @Test
    void anOperatorTokenNamesNoTenantAndATenantTokenMustNameOne() {
        String operator = TOKENS.sign(InternalToken.Claims.of("events", InternalToken.Role.operator), NOW);
        assertEquals(InternalToken.Role.operator, TOKENS.verify(operator, "events", NOW).orElseThrow().role());
        String tenantWithoutAccount = TOKENS.sign(InternalToken.Claims.of("events", InternalToken.Role.tenant), NOW);
        assertTrue(TOKENS.verify(tenantWithoutAccount, "events", NOW).isEmpty());
    }

    @Test
    void aSealIsMadeOnlyWithTheKeyForThatTextAndPurpose() {
        String seal = TOKENS.seal("unsubscribe", "arn:aws:sns:us-east-1:123456789012:t:1");
        assertTrue(TOKENS.sealed("unsubscribe", "arn:aws:sns:us-east-1:123456789012:t:1", seal));
        assertFalse(TOKENS.sealed("unsubscribe", "arn:aws:sns:us-east-1:123456789012:t:2", seal));
        assertFalse(TOKENS.sealed("other", "arn:aws:sns:us-east-1:123456789012:t:1", seal));
        assertFalse(TOKENS.sealed("unsubscribe", "arn:aws:sns:us-east-1:123456789012:t:1", null));
        assertFalse(TOKENS.sealed("unsubscribe", "arn:aws:sns:us-east-1:123456789012:t:1", "%%%"));
    }
}

package dev.sesame.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.ses.protocol.SesException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The failures a client can cause get SES's authentication errors; tampering never verifies. */
class SigV4Test {

    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private final SigV4 verifier = new SigV4(Set.of("service"), true);

    private SigV4.Request vector(String name, String form) throws IOException {
        return SigV4TestSuiteTest.read(SigV4TestSuiteTest.SUITE.resolve(name).resolve(form + "-signed-request.txt"));
    }

    @Test
    void aChangedBodyNoLongerMatches() throws IOException {
        SigV4.Request signed = vector("post-x-www-form-urlencoded", "header");
        assertTrue(verifier.parse(signed, SIGNED_AT).matches(SECRET));
        SigV4.Request tampered = new SigV4.Request(signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers(),
                "Param1=value2".getBytes(StandardCharsets.UTF_8));
        assertFalse(verifier.parse(tampered, SIGNED_AT).matches(SECRET));
    }

    @Test
    void anAddedQueryParameterNoLongerMatches() throws IOException {
        SigV4.Request signed = vector("get-vanilla-query", "query");
        SigV4.Request extended = new SigV4.Request(signed.method(), signed.rawPath(), signed.rawQuery() + "&Extra=1",
                signed.headers(), signed.body());
        assertFalse(verifier.parse(extended, SIGNED_AT).matches(SECRET));
    }

    @Test
    void aSignatureOlderThanFifteenMinutesIsRequestExpired() throws IOException {
        SigV4.Request signed = vector("get-vanilla", "header");
        assertTrue(verifier.parse(signed, SIGNED_AT.plus(Duration.ofMinutes(15))).matches(SECRET));
        SesException late = assertThrows(SesException.class, () -> verifier.parse(signed, SIGNED_AT.plus(Duration.ofMinutes(16))));
        assertEquals("RequestExpired", late.code());
        SesException early = assertThrows(SesException.class, () -> verifier.parse(signed, SIGNED_AT.minus(Duration.ofMinutes(16))));
        assertEquals("RequestExpired", early.code());
    }

    @Test
    void aPresignedUrlExpiresAfterItsXAmzExpires() throws IOException {
        SigV4.Request signed = vector("get-vanilla", "query");
        assertTrue(verifier.parse(signed, SIGNED_AT.plusSeconds(3600)).matches(SECRET));
        assertEquals("RequestExpired", assertThrows(SesException.class,
                () -> verifier.parse(signed, SIGNED_AT.plusSeconds(3601))).code());
    }

    @Test
    void noCredentialsIsMissingAuthenticationToken() {
        SesException e = assertThrows(SesException.class, () -> verifier.parse(new SigV4.Request("POST", "/", "",
                List.of(Map.entry("Host", "localhost")), new byte[0]), SIGNED_AT));
        assertEquals("MissingAuthenticationToken", e.code());
        assertEquals(403, e.httpStatus());
    }

    @Test
    void anAuthorizationHeaderWithoutSignatureIsIncompleteSignature() {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Host", "localhost"),
                Map.entry("X-Amz-Date", "20150830T123600Z"),
                Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host")));
        SesException e = assertThrows(SesException.class,
                () -> verifier.parse(new SigV4.Request("POST", "/", "", headers, new byte[0]), SIGNED_AT));
        assertEquals("IncompleteSignature", e.code());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void aScopeForAnotherServiceIsRefused() throws IOException {
        SesException e = assertThrows(SesException.class,
                () -> new SigV4(Set.of("ses", "email"), true).parse(vector("get-vanilla", "header"), SIGNED_AT));
        assertEquals("SignatureDoesNotMatch", e.code());
        assertEquals(403, e.httpStatus());
    }
}

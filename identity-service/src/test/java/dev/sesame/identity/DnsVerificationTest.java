package dev.sesame.identity;

import dev.sesame.testing.InternalCalls;
import static dev.sesame.identity.IdentityAttributesTest.call;
import static dev.sesame.identity.IdentityAttributesTest.params;
import static dev.sesame.identity.IdentityAttributesTest.verified;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.identity.dns.DkimDnsResponder;
import dev.sesame.testing.SesameInfraResource;
import dev.sesame.testing.TestDnsResource;
import dev.sesame.testing.TestDnsServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Verification decided by real DNS queries against a DNS server the test controls. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(TestDnsResource.class)
class DnsVerificationTest {

    @Inject
    DkimDnsResponder responder;

    private final TestDnsServer dns = TestDnsServer.shared();

    private static void checkDnsNow() {
        given().contentType("application/json").header("Authorization", InternalCalls.operator("identity")).post("/internal/admin/dns-checks").then().statusCode(200);
    }

    private static String status(String account, String identity) {
        return call(account, "GetIdentityVerificationAttributes", Map.of("Identities", List.of(identity)))
                .extract().path("VerificationAttributes.'" + identity + "'.VerificationStatus");
    }

    @Test
    void aDomainBecomesSuccessWhenItsTxtRecordIsPublished() {
        String a = "200000000001";
        String token = call(a, "VerifyDomainIdentity", Map.of("Domain", "txt.example.com")).extract().path("VerificationToken");
        checkDnsNow();
        assertEquals("Pending", status(a, "txt.example.com"));
        dns.txt("_amazonses.txt.example.com", token);
        checkDnsNow();
        assertEquals("Success", status(a, "txt.example.com"));
    }

    @Test
    void aWrongTokenDoesNotVerifyAndTheRetryWindowEndsInFailed() throws InterruptedException {
        String a = "200000000002";
        call(a, "VerifyDomainIdentity", Map.of("Domain", "wrong.example.com")).statusCode(200);
        dns.txt("_amazonses.wrong.example.com", "not-the-token");
        checkDnsNow();
        assertEquals("Pending", status(a, "wrong.example.com"));
        Thread.sleep(4500);
        checkDnsNow();
        assertEquals("Failed", status(a, "wrong.example.com"));
        // Asking again starts over: Pending, with the same token.
        call(a, "VerifyDomainIdentity", Map.of("Domain", "wrong.example.com")).statusCode(200);
        assertEquals("Pending", status(a, "wrong.example.com"));
    }

    @Test
    void aDnsErrorIsTemporaryFailureAndARecoveryStillSucceeds() {
        String a = "200000000003";
        String token = call(a, "VerifyDomainIdentity", Map.of("Domain", "servfail.example.com")).extract().path("VerificationToken");
        dns.fail("servfail.example.com");
        checkDnsNow();
        assertEquals("TemporaryFailure", status(a, "servfail.example.com"));
        dns.clear();
        dns.txt("_amazonses.servfail.example.com", "amazonses:" + token);
        checkDnsNow();
        assertEquals("Success", status(a, "servfail.example.com"));
    }

    @Test
    void dkimBecomesSuccessWhenTheThreeCnamesPointToThePlatformAndItsDnsServesTheKey() throws Exception {
        String a = "200000000004";
        List<String> tokens = call(a, "VerifyDomainDkim", Map.of("Domain", "dkim.example.com")).extract().path("DkimTokens");
        dns.cname(tokens.get(0) + "._domainkey.dkim.example.com", tokens.get(0) + ".dkim.sesame.test");
        dns.cname(tokens.get(1) + "._domainkey.dkim.example.com", tokens.get(1) + ".dkim.sesame.test");
        checkDnsNow();
        call(a, "GetIdentityDkimAttributes", Map.of("Identities", List.of("dkim.example.com")))
                .body("DkimAttributes.'dkim.example.com'.DkimVerificationStatus", equalTo("Pending"));
        dns.cname(tokens.get(2) + "._domainkey.dkim.example.com", tokens.get(2) + ".dkim.sesame.test");
        checkDnsNow();
        call(a, "GetIdentityDkimAttributes", Map.of("Identities", List.of("dkim.example.com")))
                .body("DkimAttributes.'dkim.example.com'.DkimVerificationStatus", equalTo("Success"));

        SimpleResolver platform = new SimpleResolver("127.0.0.1");
        platform.setPort(responder.port());
        // Over UDP the 2048-bit key does not fit 512 bytes: the answer is truncated and the resolver retries over TCP.
        Lookup lookup = new Lookup(tokens.get(1) + ".dkim.sesame.test.", Type.TXT);
        lookup.setResolver(platform);
        lookup.setCache(null);
        Record[] answer = lookup.run();
        assertEquals(Lookup.SUCCESSFUL, lookup.getResult(), lookup.getErrorString());
        String record = String.join("", ((TXTRecord) answer[0]).getStrings());
        assertTrue(record.startsWith("v=DKIM1; k=rsa; p="), record);
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(record.substring("v=DKIM1; k=rsa; p=".length()))));
        assertEquals(2048, key.getModulus().bitLength());

        Lookup unknown = new Lookup("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.dkim.sesame.test.", Type.TXT);
        unknown.setResolver(platform);
        unknown.setCache(null);
        unknown.run();
        assertEquals(Lookup.HOST_NOT_FOUND, unknown.getResult());
    }

    @Test
    void aMailFromDomainBecomesSuccessWhenItsMxPointsToTheFeedbackHost() {
        String a = "200000000005";
        verified(a, "mx.example.com");
        call(a, "SetIdentityMailFromDomain", params("Identity", "mx.example.com", "MailFromDomain", "bounce.mx.example.com"))
                .statusCode(200);
        dns.mx("bounce.mx.example.com", 10, "feedback-smtp.sesame.test");
        checkDnsNow();
        call(a, "GetIdentityMailFromDomainAttributes", Map.of("Identities", List.of("mx.example.com")))
                .body("MailFromDomainAttributes.'mx.example.com'.MailFromDomainStatus", equalTo("Success"));
    }
}

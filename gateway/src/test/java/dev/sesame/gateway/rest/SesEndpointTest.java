package dev.sesame.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import dev.sesame.gateway.SesClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * The public endpoint as the AWS SDK for Java v2 sees it: SigV4 outcomes and protocol errors arrive as the typed
 * SES errors the SDK knows, before any service is involved.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class SesEndpointTest {

    static final String KEY = "AKIATESTTESTTESTTEST";
    static final String SECRET = "test/secret/key+with/slashes0000000000000";

    @TestHTTPResource("/")
    URI endpoint;

    private SesClient ses(String key, String secret) {
        return SesClients.of(endpoint, key, secret);
    }

    private static SesException failure(Runnable call) {
        return assertThrows(SesException.class, call::run);
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        try (SesClient ses = ses(KEY, "wrong-secret")) {
            SesException e = failure(ses::listIdentities);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void anUnknownAccessKeyIsInvalidClientTokenId() {
        try (SesClient ses = ses("AKIANOBODYNOBODYNOBO", SECRET)) {
            SesException e = failure(ses::listIdentities);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void aMissingRequiredParameterIsMissingParameterBeforeAnyServiceIsCalled() {
        try (SesClient ses = ses(KEY, SECRET)) {
            SesException e = failure(() -> ses.verifyEmailIdentity(r -> { }));
            assertEquals("MissingParameter", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals("The request must contain the parameter EmailAddress", e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void aServiceThatCannotBeReachedIsServiceUnavailableNotA500() {
        try (SesClient ses = ses(KEY, SECRET)) {
            SesException e = failure(ses::listIdentities);
            assertEquals("ServiceUnavailable", e.awsErrorDetails().errorCode());
            assertEquals(503, e.statusCode());
        }
    }

    @Test
    void anActionOfAServiceNotBuiltYetIsNotImplementedNamingTheAction() {
        try (SesClient ses = ses(KEY, SECRET)) {
            SesException e = failure(() -> ses.listReceiptRuleSets(r -> { }));
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
            assertEquals(501, e.statusCode());
            assertEquals(true, e.awsErrorDetails().errorMessage().contains("ListReceiptRuleSets"));
        }
    }

    @Test
    void anUnsignedRequestIsMissingAuthenticationTokenInSesXml() {
        given().contentType("application/x-www-form-urlencoded").body("Action=ListIdentities&Version=2010-12-01")
                .post("/").then().statusCode(403)
                .contentType("text/xml")
                .body("ErrorResponse.Error.Type", equalTo("Sender"))
                .body("ErrorResponse.Error.Code", equalTo("MissingAuthenticationToken"))
                .body("ErrorResponse.RequestId", matchesPattern("[0-9a-f-]{36}"))
                .header("x-amzn-RequestId", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void anUnknownActionIsInvalidAction() {
        try (SesClient ses = ses(KEY, SECRET)) {
            // Signed correctly, but for an action SES does not have: sent raw through the SDK's own signer below.
            var signed = software.amazon.awssdk.auth.signer.Aws4Signer.create().sign(
                    software.amazon.awssdk.http.SdkHttpFullRequest.builder().method(software.amazon.awssdk.http.SdkHttpMethod.POST)
                            .uri(endpoint).putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                            .contentStreamProvider(() -> new java.io.ByteArrayInputStream(
                                    "Action=LaunchRockets&Version=2010-12-01".getBytes())).build(),
                    software.amazon.awssdk.auth.signer.params.Aws4SignerParams.builder()
                            .awsCredentials(AwsBasicCredentials.create(KEY, SECRET)).signingName("ses")
                            .signingRegion(Region.US_EAST_1).build());
            var request = given();
            for (var header : signed.headers().entrySet()) {
                if (!header.getKey().equalsIgnoreCase("Host")) {
                    request = request.header(header.getKey(), header.getValue().get(0));
                }
            }
            request.body("Action=LaunchRockets&Version=2010-12-01").post("/").then().statusCode(400)
                    .body("ErrorResponse.Error.Code", equalTo("InvalidAction"));
        }
    }
}

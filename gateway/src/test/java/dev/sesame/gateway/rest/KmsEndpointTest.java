package dev.sesame.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * KMS's JSON protocol on the public endpoint, as the AWS SDK's KMS client sees it: signed for {@code kms}, errors
 * in KMS's JSON shape that the SDK turns into typed exceptions. (The receipt service, which keeps the keys, has no
 * URL in this test: the operations themselves are tested there and in the system tests.)
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class KmsEndpointTest {

    @TestHTTPResource("/")
    URI endpoint;

    private KmsClient kms(String secret) {
        return KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(SesEndpointTest.KEY, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @Test
    void aWrongSecretIsInvalidSignatureExceptionInKmsJson() {
        try (KmsClient kms = kms("wrong-secret")) {
            KmsException e = assertThrows(KmsException.class, () -> kms.listKeys(r -> { }));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void anUnknownAccessKeyIsUnrecognizedClientException() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIANOBODYNOBODYNOBO", SesEndpointTest.SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            KmsException e = assertThrows(KmsException.class, () -> kms.listKeys(r -> { }));
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void aSignedRequestReachesTheKeyOwnerAndAnOperationItDoesNotHaveIsUnknownOperation() {
        try (KmsClient kms = kms(SesEndpointTest.SECRET)) {
            KmsException e = assertThrows(KmsException.class, () -> kms.listKeys(r -> { }));
            assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void anUnsignedKmsRequestIsMissingAuthenticationTokenInKmsJson() {
        given().contentType("application/x-amz-json-1.1").header("X-Amz-Target", "TrentService.ListKeys").body("{}".getBytes())
                .post("/").then().using().defaultParser(io.restassured.parsing.Parser.JSON).statusCode(403)
                .contentType(startsWith("application/x-amz-json-1.1"))
                .body("__type", equalTo("MissingAuthenticationTokenException"));
    }

    @Test
    void aRequestSignedForSesIsNotAKmsRequest() {
        var signed = software.amazon.awssdk.auth.signer.Aws4Signer.create().sign(
                software.amazon.awssdk.http.SdkHttpFullRequest.builder().method(software.amazon.awssdk.http.SdkHttpMethod.POST)
                        .uri(endpoint).putHeader("Content-Type", "application/x-amz-json-1.1")
                        .putHeader("X-Amz-Target", "TrentService.ListKeys")
                        .contentStreamProvider(() -> new java.io.ByteArrayInputStream("{}".getBytes())).build(),
                software.amazon.awssdk.auth.signer.params.Aws4SignerParams.builder()
                        .awsCredentials(AwsBasicCredentials.create(SesEndpointTest.KEY, SesEndpointTest.SECRET)).signingName("ses")
                        .signingRegion(Region.US_EAST_1).build());
        var request = given();
        for (var header : signed.headers().entrySet()) {
            request.header(header.getKey(), header.getValue().get(0));
        }
        request.body("{}".getBytes()).post("/").then().using().defaultParser(io.restassured.parsing.Parser.JSON).statusCode(403).body("__type", equalTo("InvalidSignatureException"))
                .body("message", equalTo("Credential should be scoped to correct service: 'kms'."));
    }
}

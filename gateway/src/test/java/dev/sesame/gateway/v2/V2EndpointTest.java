package dev.sesame.gateway.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * The v2 endpoint as the AWS SDK for Java v2's SesV2Client sees it before any service is involved (the identity and
 * sending services are down in the gateway's tests): SigV4 outcomes, the model's checks, operations Sesame does not
 * implement and paths of no operation all arrive as JSON errors the SDK maps, never an HTML page or an empty 404.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class V2EndpointTest {

    static final String KEY = "AKIATESTTESTTESTTEST";
    static final String SECRET = "test/secret/key+with/slashes0000000000000";

    @TestHTTPResource("/")
    URI endpoint;

    private SesV2Client v2(String secret) {
        return SesV2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatchInJson() {
        try (SesV2Client ses = v2("wrong-secret")) {
            SesV2Exception e = assertThrows(SesV2Exception.class, () -> ses.getAccount(r -> { }));
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void theModelsChecksComeBeforeAnyServiceAsBadRequest() {
        try (SesV2Client ses = v2(SECRET)) {
            // A path label the SDK encodes (@ as %40) is signed as the SDK signed it, and decoded for the operation.
            SesV2Exception down = assertThrows(SesV2Exception.class, () -> ses.getEmailIdentity(r -> r.emailIdentity("me@example.com")));
            assertEquals("ServiceUnavailable", down.awsErrorDetails().errorCode(), "authenticated, parsed, and routed to the down service");
            BadRequestException bad = assertThrows(BadRequestException.class, () -> ses.createConfigurationSetEventDestination(r -> r
                    .configurationSetName("set").eventDestinationName("d").eventDestination(d -> d.matchingEventTypesWithStrings("SENT"))));
            assertTrue(bad.getMessage().contains("Member must satisfy enum value set: [SEND, REJECT"), bad.getMessage());
        }
    }

    @Test
    void anOperationNotImplementedIsA501TheSdkMaps() {
        try (SesV2Client ses = v2(SECRET)) {
            SesV2Exception e = assertThrows(SesV2Exception.class, () -> ses.listDedicatedIpPools(r -> { }));
            assertEquals(501, e.statusCode());
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
        }
    }

    /** A client whose requests go, signed, to another path or method than the SDK's (rewritten before signing). */
    private SesV2Client rewriting(String path, SdkHttpMethod method) {
        ExecutionInterceptor rewrite = new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().encodedPath(path).method(method).build();
            }
        };
        return SesV2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)).addExecutionInterceptor(rewrite))
                .build();
    }

    @Test
    void aPathOfNoOperationOrAMethodItDoesNotTakeIsAJsonError() {
        try (SesV2Client ses = rewriting("/v2/email/no-such-thing", SdkHttpMethod.GET)) {
            SesV2Exception e = assertThrows(SesV2Exception.class, () -> ses.getAccount(r -> { }));
            assertEquals(404, e.statusCode());
            assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
        }
        try (SesV2Client ses = rewriting("/v2/email/account", SdkHttpMethod.DELETE)) {
            SesV2Exception e = assertThrows(SesV2Exception.class, () -> ses.getAccount(r -> { }));
            assertEquals(405, e.statusCode());
            assertEquals("MethodNotAllowedException", e.awsErrorDetails().errorCode());
        }
        // Unsigned, as AWS answers any path it is not told who asks: 403, in JSON.
        given().get("/v2/email/account").then().statusCode(403).contentType("application/json")
                .header("x-amzn-ErrorType", equalTo("MissingAuthenticationToken")).body("message", containsString("Authentication Token"));
    }
}

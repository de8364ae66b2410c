package dev.sesame.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * The admin API with Keycloak off (as after {@code ./sesame up --no-keycloak}): the launcher's operator token
 * works, anything else is told Keycloak is off, SES calls take SigV4 only; and what an operator changes on a
 * tenant (quotas, suspension, keys) applies to its next SES call.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class AdminApiTest {

    static final String OPERATOR = "Bearer operator-test-token";

    @TestHTTPResource("/")
    URI endpoint;

    private SesClient ses(String key, String secret) {
        return SesClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @Test
    void withKeycloakOffOnlyTheOperatorTokenOpensTheAdminApiAndSesCallsTakeSigV4() {
        given().header("Authorization", OPERATOR).get("/admin/tenants").then().statusCode(200);
        given().get("/admin/tenants").then().statusCode(401);
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln").get("/admin/tenants").then().statusCode(503)
                .body("message", containsString("Keycloak is off"));
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln").contentType("application/x-www-form-urlencoded")
                .body("Action=GetSendQuota").post("/").then().statusCode(403)
                .body(containsString("<Code>InvalidClientTokenId</Code>"));
    }

    @Test
    void quotasSuspensionAndKeysApplyToTheTenantsNextCall() {
        String account = given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "quota-test", "region", "eu-west-1")).post("/admin/tenants")
                .then().statusCode(201).body("sandbox", equalTo(true)).extract().path("accountId");
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("maxSendRate", -7))
                .patch("/admin/tenants/" + account).then().statusCode(400);
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("max24HourSend", 1000, "maxSendRate", 5, "sandbox", false))
                .patch("/admin/tenants/" + account).then().statusCode(200)
                .body("max24HourSend", equalTo(1000.0f)).body("maxSendRate", equalTo(5.0f)).body("sandbox", equalTo(false));

        Map<String, String> key = given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/keys")
                .then().statusCode(201).extract().as(Map.class);
        // SES's SMTP credentials of the key: its id, and the password derived from its secret for the tenant's region.
        given().header("Authorization", OPERATOR).get("/admin/tenants/" + account + "/keys/" + key.get("accessKeyId") + "/smtp-password")
                .then().statusCode(200).body("smtpUsername", equalTo(key.get("accessKeyId"))).body("region", equalTo("eu-west-1"))
                .body("smtpPassword", equalTo(dev.sesame.gateway.auth.SmtpPassword.of(key.get("secretAccessKey"), "eu-west-1")));
        given().header("Authorization", OPERATOR).get("/admin/tenants/123456789012/keys/" + key.get("accessKeyId") + "/smtp-password")
                .then().statusCode(404);
        try (SesClient ses = ses(key.get("accessKeyId"), key.get("secretAccessKey"))) {
            // The identity service is down in these tests: ServiceUnavailable means the caller got past authentication.
            assertEquals("ServiceUnavailable", assertThrows(SesException.class, ses::listIdentities).awsErrorDetails().errorCode());
            given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/suspend").then().statusCode(200)
                    .body("suspended", equalTo(true));
            SesException suspended = assertThrows(SesException.class, ses::listIdentities);
            assertEquals("AccessDenied", suspended.awsErrorDetails().errorCode());
            assertEquals(403, suspended.statusCode());
            given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/resume").then().statusCode(200);
            assertEquals("ServiceUnavailable", assertThrows(SesException.class, ses::listIdentities).awsErrorDetails().errorCode());

            given().header("Authorization", OPERATOR).post("/admin/tenants/" + account + "/keys/" + key.get("accessKeyId") + "/deactivate")
                    .then().statusCode(204);
            assertEquals("InvalidClientTokenId", assertThrows(SesException.class, ses::listIdentities).awsErrorDetails().errorCode());
            given().header("Authorization", OPERATOR).get("/admin/tenants/" + account + "/keys").then().statusCode(200)
                    .body("[1].status", equalTo("Inactive")).body(org.hamcrest.Matchers.not(containsString(key.get("secretAccessKey"))));
            given().header("Authorization", OPERATOR).delete("/admin/tenants/" + account + "/keys/" + key.get("accessKeyId"))
                    .then().statusCode(204);
            given().header("Authorization", OPERATOR).delete("/admin/tenants/" + account + "/keys/" + key.get("accessKeyId"))
                    .then().statusCode(404);
        }
        given().header("Authorization", OPERATOR).get("/admin/tenants/000000000000").then().statusCode(404);
    }

    /** Found by ./sesame bench fuzz: a NUL in the account id reached PostgreSQL and answered 500. */
    @Test
    void anAccountIdThatCannotBeOneIsNoTenant() {
        for (String account : List.of("%00", "not-an-account", "1111111111111")) {
            given().urlEncodingEnabled(false).header("Authorization", OPERATOR).get("/admin/tenants/" + account).then().statusCode(404);
            given().urlEncodingEnabled(false).header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("maxSendRate", 5))
                    .patch("/admin/tenants/" + account).then().statusCode(404);
        }
    }
}

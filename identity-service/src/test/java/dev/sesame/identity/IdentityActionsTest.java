package dev.sesame.identity;

import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The identity actions through the internal API, against a real Kafka broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class IdentityActionsTest {

    @Inject
    ProjectionRunner projection;

    private static ValidatableResponse call(String account, String action, Object body) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", InternalCalls.tenant("identity", account))
                .body(body).post("/internal/ses/" + action).then();
    }

    @Test
    void aVerifiedEmailIsListedAsPendingRightAfterTheCommand() {
        String account = "111111111111";
        call(account, "VerifyEmailIdentity", Map.of("EmailAddress", "ann@Example.com")).statusCode(200);
        call(account, "ListIdentities", Map.of()).statusCode(200).body("Identities", contains("ann@Example.com"));
        call(account, "GetIdentityVerificationAttributes", Map.of("Identities", List.of("ann@example.com", "nobody@example.com")))
                .statusCode(200)
                .body("VerificationAttributes.'ann@example.com'.VerificationStatus", equalTo("Pending"))
                .body("VerificationAttributes", not(hasKey("nobody@example.com")));
    }

    @Test
    void aDomainGetsA44CharacterTokenThatStaysTheSameWhenAskedAgain() {
        String account = "222222222222";
        String token = call(account, "VerifyDomainIdentity", Map.of("Domain", "Example.org")).statusCode(200)
                .body("VerificationToken", matchesPattern("[A-Za-z0-9+/]{43}=")).extract().path("VerificationToken");
        call(account, "VerifyDomainIdentity", Map.of("Domain", "example.org")).body("VerificationToken", equalTo(token));
        call(account, "ListIdentities", Map.of("IdentityType", "Domain")).body("Identities", contains("example.org"));
        call(account, "GetIdentityVerificationAttributes", Map.of("Identities", List.of("example.org")))
                .body("VerificationAttributes.'example.org'.VerificationToken", equalTo(token));
    }

    @Test
    void listingPagesThroughEveryIdentityWithNextToken() {
        String account = "333333333333";
        for (String address : List.of("a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com")) {
            call(account, "VerifyEmailIdentity", Map.of("EmailAddress", address)).statusCode(200);
        }
        call(account, "VerifyDomainIdentity", Map.of("Domain", "x.com")).statusCode(200);
        String next = call(account, "ListIdentities", Map.of("MaxItems", 2, "IdentityType", "EmailAddress"))
                .body("Identities", contains("a@x.com", "b@x.com")).extract().path("NextToken");
        next = call(account, "ListIdentities", Map.of("MaxItems", 2, "IdentityType", "EmailAddress", "NextToken", next))
                .body("Identities", contains("c@x.com", "d@x.com")).extract().path("NextToken");
        call(account, "ListIdentities", Map.of("MaxItems", 2, "IdentityType", "EmailAddress", "NextToken", next))
                .body("Identities", contains("e@x.com")).body("NextToken", nullValue());
        call(account, "ListIdentities", Map.of("MaxItems", 1001)).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        call(account, "ListIdentities", Map.of("NextToken", "garbage!")).statusCode(400).body("code", equalTo("InvalidParameterValue"));
    }

    @Test
    void deletingRemovesTheIdentityAndDeletingNothingSucceeds() {
        String account = "444444444444";
        call(account, "VerifyEmailIdentity", Map.of("EmailAddress", "gone@example.com")).statusCode(200);
        call(account, "VerifyEmailAddress", Map.of("EmailAddress", "old-style@example.com")).statusCode(200);
        call(account, "DeleteIdentity", Map.of("Identity", "gone@example.com")).statusCode(200);
        call(account, "DeleteVerifiedEmailAddress", Map.of("EmailAddress", "old-style@example.com")).statusCode(200);
        call(account, "DeleteIdentity", Map.of("Identity", "never@example.com")).statusCode(200);
        call(account, "ListIdentities", Map.of()).body("Identities.size()", equalTo(0));
        call(account, "ListVerifiedEmailAddresses", Map.of()).body("VerifiedEmailAddresses.size()", equalTo(0));
    }

    @Test
    void oneTenantNeverSeesAnothersIdentities() {
        call("555555555555", "VerifyEmailIdentity", Map.of("EmailAddress", "secret@tenant-a.com")).statusCode(200);
        call("666666666666", "ListIdentities", Map.of()).body("Identities", not(contains("secret@tenant-a.com")));
        call("666666666666", "GetIdentityVerificationAttributes", Map.of("Identities", List.of("secret@tenant-a.com")))
                .body("VerificationAttributes", not(hasKey("secret@tenant-a.com")));
        call("666666666666", "DeleteIdentity", Map.of("Identity", "secret@tenant-a.com")).statusCode(200);
        call("555555555555", "ListIdentities", Map.of()).body("Identities", contains("secret@tenant-a.com"));
    }

    @Test
    void invalidAddressesAndDomainsAreInvalidParameterValue() {
        call("777777777777", "VerifyEmailIdentity", Map.of("EmailAddress", "not-an-address")).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        call("777777777777", "VerifyDomainIdentity", Map.of("Domain", "-bad-.com")).statusCode(400)
                .body("code", equalTo("InvalidParameterValue"));
        call("777777777777", "ListIdentities", Map.of()).body("Identities.size()", equalTo(0));
    }

    @Test
    void anActionThisServiceDoesNotOwnIsNotFound() {
        call("777777777777", "SendEmail", Map.of()).statusCode(404);
    }

    @Test
    void replayingTheTopicIntoAnEmptyProjectionGivesTheSameAnswers() throws Exception {
        String account = "888888888888";
        call(account, "VerifyEmailIdentity", Map.of("EmailAddress", "keep@example.com")).statusCode(200);
        call(account, "VerifyDomainIdentity", Map.of("Domain", "keep.example.com")).statusCode(200);
        call(account, "VerifyEmailIdentity", Map.of("EmailAddress", "drop@example.com")).statusCode(200);
        call(account, "DeleteIdentity", Map.of("Identity", "drop@example.com")).statusCode(200);
        String before = call(account, "ListIdentities", Map.of()).extract().body().asString();
        String attributesBefore = call(account, "GetIdentityVerificationAttributes",
                Map.of("Identities", List.of("keep@example.com", "keep.example.com", "drop@example.com"))).extract().body().asString();

        projection.rebuild().get(30, TimeUnit.SECONDS);

        assertEquals(before, call(account, "ListIdentities", Map.of()).extract().body().asString());
        assertEquals(attributesBefore, call(account, "GetIdentityVerificationAttributes",
                Map.of("Identities", List.of("keep@example.com", "keep.example.com", "drop@example.com"))).extract().body().asString());
    }
}

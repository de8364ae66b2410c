package dev.sesame.identity;

import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notification topics, custom MAIL FROM, Easy DKIM and sending-authorization policies, with the spec's rules. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class IdentityAttributesTest {

    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":[\"ses:SendEmail\",\"ses:SendRawEmail\"],"
            + "\"Resource\":\"arn:aws:ses:us-east-1:%s:identity/%s\"}]}";

    static ValidatableResponse call(String account, String action, Map<String, ?> body) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", InternalCalls.tenant("identity", account)).body(body).post("/internal/ses/" + action).then();
    }

    static Map<String, Object> params(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static void verified(String account, String identity) {
        call(account, identity.contains("@") ? "VerifyEmailIdentity" : "VerifyDomainIdentity",
                identity.contains("@") ? Map.of("EmailAddress", identity) : Map.of("Domain", identity)).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", InternalCalls.operator("identity"))
                .body(Map.of("accountId", account, "identity", identity))
                .post("/internal/admin/verified-identities").then().statusCode(200);
    }

    static void invalid(ValidatableResponse response, String code) {
        response.statusCode(400).body("code", equalTo(code));
    }

    @Test
    void notificationTopicsFollowTheForwardingAndHeaderRules() {
        String a = "100000000001";
        String topic = "arn:aws:sns:us-east-1:100000000001:bounces";
        invalid(call(a, "SetIdentityNotificationTopic", params("Identity", "nobody@n.example.com",
                "NotificationType", "Bounce", "SnsTopic", topic)), "InvalidParameterValue");
        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "n@n.example.com")).statusCode(200);
        invalid(call(a, "SetIdentityNotificationTopic", params("Identity", "n@n.example.com",
                "NotificationType", "Bounce", "SnsTopic", "not-an-arn")), "InvalidParameterValue");
        call(a, "SetIdentityNotificationTopic", params("Identity", "n@n.example.com", "NotificationType", "Bounce",
                "SnsTopic", topic)).statusCode(200);
        // "This value can only be set to false when Amazon SNS topics are set for both Bounce and Complaint"
        invalid(call(a, "SetIdentityFeedbackForwardingEnabled", params("Identity", "n@n.example.com",
                "ForwardingEnabled", false)), "InvalidParameterValue");
        // Headers "can only be set when NotificationType is already set to use a particular Amazon SNS topic"
        invalid(call(a, "SetIdentityHeadersInNotificationsEnabled", params("Identity", "n@n.example.com",
                "NotificationType", "Complaint", "Enabled", true)), "InvalidParameterValue");
        call(a, "SetIdentityNotificationTopic", params("Identity", "arn:aws:ses:us-east-1:" + a + ":identity/n@n.example.com",
                "NotificationType", "Complaint", "SnsTopic", topic + "-c")).statusCode(200);
        call(a, "SetIdentityFeedbackForwardingEnabled", params("Identity", "n@n.example.com", "ForwardingEnabled", false)).statusCode(200);
        call(a, "SetIdentityHeadersInNotificationsEnabled", params("Identity", "n@n.example.com",
                "NotificationType", "Bounce", "Enabled", true)).statusCode(200);
        call(a, "GetIdentityNotificationAttributes", Map.of("Identities", List.of("n@n.example.com")))
                .body("NotificationAttributes.'n@n.example.com'.BounceTopic", equalTo(topic))
                .body("NotificationAttributes.'n@n.example.com'.ComplaintTopic", equalTo(topic + "-c"))
                .body("NotificationAttributes.'n@n.example.com'.ForwardingEnabled", equalTo(false))
                .body("NotificationAttributes.'n@n.example.com'.HeadersInBounceNotificationsEnabled", equalTo(true))
                .body("NotificationAttributes.'n@n.example.com'", not(hasKey("DeliveryTopic")));
        // "Unless feedback forwarding is enabled, you must specify Amazon SNS topics for bounce and complaint notifications."
        for (String type : List.of("Bounce", "Complaint")) {
            invalid(call(a, "SetIdentityNotificationTopic", params("Identity", "n@n.example.com", "NotificationType", type)),
                    "InvalidParameterValue");
        }
        call(a, "GetIdentityNotificationAttributes", Map.of("Identities", List.of("n@n.example.com")))
                .body("NotificationAttributes.'n@n.example.com'.ForwardingEnabled", equalTo(false))
                .body("NotificationAttributes.'n@n.example.com'.ComplaintTopic", equalTo(topic + "-c"));
        call(a, "SetIdentityFeedbackForwardingEnabled", params("Identity", "n@n.example.com", "ForwardingEnabled", true)).statusCode(200);
        call(a, "SetIdentityNotificationTopic", params("Identity", "n@n.example.com", "NotificationType", "Complaint")).statusCode(200);
        call(a, "GetIdentityNotificationAttributes", Map.of("Identities", List.of("n@n.example.com")))
                .body("NotificationAttributes.'n@n.example.com'.ForwardingEnabled", equalTo(true))
                .body("NotificationAttributes.'n@n.example.com'", not(hasKey("ComplaintTopic")));
    }

    @Test
    void aCustomMailFromDomainIsASubdomainOfAVerifiedIdentity() {
        String a = "100000000002";
        call(a, "VerifyDomainIdentity", Map.of("Domain", "m.example.com")).statusCode(200);
        invalid(call(a, "SetIdentityMailFromDomain", params("Identity", "m.example.com", "MailFromDomain", "bounce.m.example.com")),
                "InvalidParameterValue");
        verified(a, "m.example.com");
        invalid(call(a, "SetIdentityMailFromDomain", params("Identity", "m.example.com", "MailFromDomain", "other.example.com")),
                "InvalidParameterValue");
        call(a, "SetIdentityMailFromDomain", params("Identity", "m.example.com", "MailFromDomain", "bounce.m.example.com",
                "BehaviorOnMXFailure", "RejectMessage")).statusCode(200);
        call(a, "GetIdentityMailFromDomainAttributes", Map.of("Identities", List.of("m.example.com")))
                .body("MailFromDomainAttributes.'m.example.com'.MailFromDomain", equalTo("bounce.m.example.com"))
                .body("MailFromDomainAttributes.'m.example.com'.MailFromDomainStatus", equalTo("Pending"))
                .body("MailFromDomainAttributes.'m.example.com'.BehaviorOnMXFailure", equalTo("RejectMessage"));
        call(a, "SetIdentityMailFromDomain", params("Identity", "m.example.com")).statusCode(200);
        call(a, "GetIdentityMailFromDomainAttributes", Map.of("Identities", List.of("m.example.com")))
                .body("MailFromDomainAttributes.'m.example.com'", not(hasKey("MailFromDomain")))
                .body("MailFromDomainAttributes.'m.example.com'.BehaviorOnMXFailure", equalTo("UseDefaultValue"));
    }

    @Test
    void easyDkimGivesThreeStableTokensAndAddressesFollowTheirDomain() {
        String a = "100000000003";
        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "d@d.example.com")).statusCode(200);
        invalid(call(a, "SetIdentityDkimEnabled", params("Identity", "d@d.example.com", "DkimEnabled", true)), "InvalidParameterValue");
        List<String> tokens = call(a, "VerifyDomainDkim", Map.of("Domain", "d.example.com")).statusCode(200)
                .body("DkimTokens", hasSize(3)).body("DkimTokens[0]", matchesPattern("[a-z2-7]{32}"))
                .extract().path("DkimTokens");
        call(a, "VerifyDomainDkim", Map.of("Domain", "D.example.com")).body("DkimTokens", equalTo(tokens));
        call(a, "ListIdentities", Map.of("IdentityType", "Domain")).body("Identities", contains("d.example.com"));
        call(a, "GetIdentityDkimAttributes", Map.of("Identities", List.of("d.example.com", "d@d.example.com")))
                .body("DkimAttributes.'d.example.com'.DkimEnabled", equalTo(true))
                .body("DkimAttributes.'d.example.com'.DkimVerificationStatus", equalTo("Pending"))
                .body("DkimAttributes.'d.example.com'.DkimTokens", equalTo(tokens))
                .body("DkimAttributes.'d@d.example.com'.DkimEnabled", equalTo(false))
                .body("DkimAttributes.'d@d.example.com'.DkimTokens", equalTo(tokens));
        call(a, "SetIdentityDkimEnabled", params("Identity", "d@d.example.com", "DkimEnabled", true)).statusCode(200);
        call(a, "SetIdentityDkimEnabled", params("Identity", "d.example.com", "DkimEnabled", false)).statusCode(200);
        call(a, "GetIdentityDkimAttributes", Map.of("Identities", List.of("d.example.com", "d@d.example.com")))
                .body("DkimAttributes.'d.example.com'.DkimEnabled", equalTo(false))
                .body("DkimAttributes.'d@d.example.com'.DkimEnabled", equalTo(true));
        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "plain@plain.example.com")).statusCode(200);
        call(a, "GetIdentityDkimAttributes", Map.of("Identities", List.of("plain@plain.example.com")))
                .body("DkimAttributes.'plain@plain.example.com'.DkimVerificationStatus", equalTo("NotStarted"))
                .body("DkimAttributes.'plain@plain.example.com'.DkimTokens", nullValue());
    }

    @Test
    void policiesArePutListedFetchedAndDeletedByTheOwnerOnly() {
        String a = "100000000004";
        String policy = String.format(POLICY, a, "p.example.com");
        call(a, "VerifyDomainIdentity", Map.of("Domain", "p.example.com")).statusCode(200);
        // "If you have not verified the identity, this API will return an error."
        invalid(call(a, "PutIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "partner", "Policy", policy)),
                "InvalidParameterValue");
        verified(a, "p.example.com");
        invalid(call(a, "PutIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "partner", "Policy", "{not json")),
                "InvalidPolicy");
        invalid(call(a, "PutIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "bad name!", "Policy", policy)),
                "InvalidParameterValue");
        invalid(call(a, "PutIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "huge",
                "Policy", policy.replace("\"Version\"", "\"Id\":\"" + "x".repeat(4096) + "\",\"Version\""))), "InvalidPolicy");
        call(a, "PutIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "partner", "Policy", policy)).statusCode(200);
        call(a, "PutIdentityPolicy", params("Identity", "arn:aws:ses:us-east-1:" + a + ":identity/p.example.com",
                "PolicyName", "second", "Policy", policy)).statusCode(200);
        call(a, "ListIdentityPolicies", Map.of("Identity", "p.example.com")).body("PolicyNames", contains("partner", "second"));
        call(a, "GetIdentityPolicies", params("Identity", "p.example.com", "PolicyNames", List.of("partner", "missing")))
                .body("Policies.partner", equalTo(policy)).body("Policies", not(hasKey("missing")));
        call(a, "DeleteIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "never-there")).statusCode(200);
        call(a, "DeleteIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "second")).statusCode(200);
        call(a, "ListIdentityPolicies", Map.of("Identity", "p.example.com")).body("PolicyNames", contains("partner"));

        String other = "100000000005";
        invalid(call(other, "ListIdentityPolicies", Map.of("Identity", "p.example.com")), "InvalidParameterValue");
        call(other, "GetIdentityPolicies", params("Identity", "arn:aws:ses:us-east-1:" + a + ":identity/p.example.com",
                "PolicyNames", List.of("partner"))).statusCode(400).body("message", containsString("owner"));
        invalid(call(other, "DeleteIdentityPolicy", params("Identity", "p.example.com", "PolicyName", "partner")), "InvalidParameterValue");
        call(a, "ListIdentityPolicies", Map.of("Identity", "p.example.com")).body("PolicyNames", contains("partner"));
    }

    @Test
    void anAddressUnderAVerifiedDomainCountsAsVerified() {
        String a = "100000000009";
        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "someone@under.example.com")).statusCode(200);
        invalid(call(a, "PutIdentityPolicy", params("Identity", "someone@under.example.com", "PolicyName", "p",
                "Policy", String.format(POLICY, a, "someone@under.example.com"))), "InvalidParameterValue");
        verified(a, "under.example.com");
        call(a, "PutIdentityPolicy", params("Identity", "someone@under.example.com", "PolicyName", "p",
                "Policy", String.format(POLICY, a, "someone@under.example.com"))).statusCode(200);
        call(a, "SetIdentityMailFromDomain", params("Identity", "someone@under.example.com",
                "MailFromDomain", "bounce.under.example.com")).statusCode(200);
    }

    @Test
    void deletingAnIdentityDeletesItsPolicies() {
        String a = "100000000006";
        verified(a, "gone.example.com");
        call(a, "PutIdentityPolicy", params("Identity", "gone.example.com", "PolicyName", "p",
                "Policy", String.format(POLICY, a, "gone.example.com"))).statusCode(200);
        call(a, "DeleteIdentity", Map.of("Identity", "gone.example.com")).statusCode(200);
        verified(a, "gone.example.com");
        call(a, "ListIdentityPolicies", Map.of("Identity", "gone.example.com")).body("PolicyNames", hasSize(0));
    }

    @Test
    void noAttributeOfOneTenantsIdentityIsVisibleOrChangeableByAnother() {
        String owner = "100000000007";
        String other = "100000000008";
        verified(owner, "mine.example.com");
        call(owner, "VerifyDomainDkim", Map.of("Domain", "mine.example.com")).statusCode(200);
        for (Map.Entry<String, Map<String, Object>> change : Map.<String, Map<String, Object>>of(
                "SetIdentityNotificationTopic", params("Identity", "mine.example.com", "NotificationType", "Bounce",
                        "SnsTopic", "arn:aws:sns:us-east-1:" + other + ":steal"),
                "SetIdentityFeedbackForwardingEnabled", params("Identity", "mine.example.com", "ForwardingEnabled", true),
                "SetIdentityHeadersInNotificationsEnabled", params("Identity", "mine.example.com", "NotificationType", "Bounce",
                        "Enabled", false),
                "SetIdentityMailFromDomain", params("Identity", "mine.example.com", "MailFromDomain", "m.mine.example.com"),
                "SetIdentityDkimEnabled", params("Identity", "mine.example.com", "DkimEnabled", false),
                "PutIdentityPolicy", params("Identity", "mine.example.com", "PolicyName", "steal",
                        "Policy", String.format(POLICY, owner, "mine.example.com"))).entrySet()) {
            invalid(call(other, change.getKey(), change.getValue()), "InvalidParameterValue");
        }
        for (String get : List.of("GetIdentityNotificationAttributes", "GetIdentityMailFromDomainAttributes",
                "GetIdentityDkimAttributes", "GetIdentityVerificationAttributes")) {
            call(other, get, Map.of("Identities", List.of("mine.example.com"))).statusCode(200)
                    .body("values()[0].size()", equalTo(0));
        }
        call(other, "VerifyDomainDkim", Map.of("Domain", "mine.example.com")).statusCode(200);
        List<String> mine = call(owner, "GetIdentityDkimAttributes", Map.of("Identities", List.of("mine.example.com")))
                .body("DkimAttributes.'mine.example.com'.DkimEnabled", equalTo(true))
                .extract().path("DkimAttributes.'mine.example.com'.DkimTokens");
        List<String> theirs = call(other, "GetIdentityDkimAttributes", Map.of("Identities", List.of("mine.example.com")))
                .extract().path("DkimAttributes.'mine.example.com'.DkimTokens");
        org.junit.jupiter.api.Assertions.assertNotEquals(mine, theirs, "each tenant's domain has its own keys");
        call(owner, "GetIdentityNotificationAttributes", Map.of("Identities", List.of("mine.example.com")))
                .body("NotificationAttributes.'mine.example.com'", not(hasKey("BounceTopic")));
    }
}

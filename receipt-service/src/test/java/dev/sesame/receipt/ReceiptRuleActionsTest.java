package dev.sesame.receipt;

import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Receipt rule sets, rules and filters through the internal API, on a real Kafka broker. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class ReceiptRuleActionsTest {

    static ValidatableResponse call(String account, String action, Object body) {
        return given().contentType(ContentType.JSON).header("Authorization", InternalCalls.tenant("receipt", account))
                .body(body).post("/internal/ses/" + action).then();
    }

    static Map<String, Object> rule(String name) {
        return Map.of("Name", name, "Enabled", true, "Recipients", List.of("example.com"),
                "Actions", List.of(Map.of("AddHeaderAction", Map.of("HeaderName", "X-Rule", "HeaderValue", name))));
    }

    static Map<String, Object> header(String name, int valueLength) {
        return Map.of("Name", name, "Actions", List.of(Map.of("AddHeaderAction", Map.of("HeaderName", "X-Long",
                "HeaderValue", "v".repeat(valueLength)))));
    }

    static void error(ValidatableResponse response, String code) {
        response.statusCode(400).body("code", equalTo(code));
    }

    @Test
    void rulesKeepTheirOrderAndCanBeMovedAndReordered() {
        String a = "950000000001";
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "main")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "main", "Rule", rule("first"))).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "main", "Rule", rule("third"), "After", "first")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "main", "Rule", rule("second"), "After", "first")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "main", "Rule", rule("zeroth"))).statusCode(200);
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "main")).statusCode(200)
                .body("Metadata.Name", equalTo("main")).body("Rules.Name", contains("zeroth", "first", "second", "third"));
        call(a, "SetReceiptRulePosition", Map.of("RuleSetName", "main", "RuleName", "zeroth", "After", "third")).statusCode(200);
        call(a, "SetReceiptRulePosition", Map.of("RuleSetName", "main", "RuleName", "third")).statusCode(200);
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "main")).body("Rules.Name", contains("third", "first", "second", "zeroth"));
        error(call(a, "ReorderReceiptRuleSet", Map.of("RuleSetName", "main", "RuleNames", List.of("first", "second"))), "InvalidParameterValue");
        error(call(a, "ReorderReceiptRuleSet", Map.of("RuleSetName", "main", "RuleNames", List.of("first", "second", "third", "nope"))),
                "RuleDoesNotExist");
        call(a, "ReorderReceiptRuleSet", Map.of("RuleSetName", "main", "RuleNames", List.of("second", "zeroth", "third", "first")))
                .statusCode(200);
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "main")).body("Rules.Name", contains("second", "zeroth", "third", "first"));
        Map<String, Object> updated = Map.of("Name", "third", "Enabled", false, "TlsPolicy", "Require", "ScanEnabled", true,
                "Actions", List.of(Map.of("StopAction", Map.of("Scope", "RuleSet"))));
        call(a, "UpdateReceiptRule", Map.of("RuleSetName", "main", "Rule", updated)).statusCode(200);
        call(a, "DescribeReceiptRule", Map.of("RuleSetName", "main", "RuleName", "third")).statusCode(200)
                .body("Rule.TlsPolicy", equalTo("Require")).body("Rule.Enabled", equalTo(false))
                .body("Rule.Actions[0].StopAction.Scope", equalTo("RuleSet"));
        call(a, "DeleteReceiptRule", Map.of("RuleSetName", "main", "RuleName", "zeroth")).statusCode(200);
        call(a, "DeleteReceiptRule", Map.of("RuleSetName", "main", "RuleName", "never")).statusCode(200);
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "main")).body("Rules.Name", contains("second", "third", "first"));
    }

    @Test
    void aCloneIsIndependentAndTheActiveSetCannotBeDeleted() {
        String a = "950000000002";
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "original")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "original", "Rule", rule("r1"))).statusCode(200);
        call(a, "CloneReceiptRuleSet", Map.of("RuleSetName", "copy", "OriginalRuleSetName", "original")).statusCode(200);
        call(a, "DeleteReceiptRule", Map.of("RuleSetName", "original", "RuleName", "r1")).statusCode(200);
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "copy")).body("Rules.Name", contains("r1"));
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "original")).body("Rules", hasSize(0));
        call(a, "DescribeActiveReceiptRuleSet", Map.of()).statusCode(200).body("Metadata", nullValue());
        call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "copy")).statusCode(200);
        call(a, "DescribeActiveReceiptRuleSet", Map.of()).body("Metadata.Name", equalTo("copy")).body("Rules.Name", contains("r1"));
        error(call(a, "DeleteReceiptRuleSet", Map.of("RuleSetName", "copy")), "CannotDelete");
        call(a, "SetActiveReceiptRuleSet", Map.of()).statusCode(200);
        call(a, "DescribeActiveReceiptRuleSet", Map.of()).body("Metadata", nullValue());
        call(a, "DeleteReceiptRuleSet", Map.of("RuleSetName", "copy")).statusCode(200);
        call(a, "ListReceiptRuleSets", Map.of()).body("RuleSets.Name", contains("original"));
    }

    @Test
    void everyErrorTheSpecListsForItsCause() {
        String a = "950000000003";
        error(call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "-bad-")), "InvalidParameterValue");
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "s.1")).statusCode(200);
        error(call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "s.1")), "AlreadyExists");
        error(call(a, "CloneReceiptRuleSet", Map.of("RuleSetName", "c", "OriginalRuleSetName", "nope")), "RuleSetDoesNotExist");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "nope", "Rule", rule("r"))), "RuleSetDoesNotExist");
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", rule("r"))).statusCode(200);
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", rule("r"))), "AlreadyExists");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", rule("r2"), "After", "nope")), "RuleDoesNotExist");
        error(call(a, "UpdateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", rule("nope"))), "RuleDoesNotExist");
        error(call(a, "DescribeReceiptRule", Map.of("RuleSetName", "s.1", "RuleName", "nope")), "RuleDoesNotExist");
        error(call(a, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "nope")), "RuleSetDoesNotExist");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "sns",
                "Actions", List.of(Map.of("SNSAction", Map.of("TopicArn", "not-a-topic")))))), "InvalidSnsTopic");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "s3",
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "Bad_Bucket")))))), "InvalidS3Configuration");
        // KMS keys: the account's default key or one it created; another account's key, or one that does not exist, is refused.
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "kms",
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "fine-bucket",
                        "KmsKeyArn", "arn:aws:kms:us-east-1:" + a + ":alias/aws/ses")))))).statusCode(200);
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "kms-other",
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "fine-bucket",
                        "KmsKeyArn", "arn:aws:kms:us-east-1:999999999999:alias/aws/ses")))))), "InvalidS3Configuration");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "kms-missing",
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "fine-bucket",
                        "KmsKeyArn", "arn:aws:kms:us-east-1:" + a + ":key/11111111-2222-3333-4444-555555555555")))))), "InvalidS3Configuration");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "kms-alias",
                "Actions", List.of(Map.of("S3Action", Map.of("BucketName", "fine-bucket",
                        "KmsKeyArn", "arn:aws:kms:us-east-1:" + a + ":alias/mine")))))), "InvalidS3Configuration");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "fn",
                "Actions", List.of(Map.of("LambdaAction", Map.of("FunctionArn", "arn:aws:lambda:us-east-1:1:nope")))))),
                "InvalidLambdaFunction");
        // Well-formed, but no such function in the registry: SES "could not execute the provided function".
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "fn",
                "Actions", List.of(Map.of("LambdaAction", Map.of("FunctionArn", "arn:aws:lambda:us-east-1:" + a + ":function:unregistered")))))),
                "InvalidLambdaFunction");
        List<Map<String, Object>> eleven = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(Map.of("StopAction", Map.of("Scope", "RuleSet")));
        }
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", "s.1", "Rule", Map.of("Name", "many", "Actions", eleven))), "LimitExceeded");
        error(call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "f", "IpFilter", Map.of("Policy", "Block", "Cidr", "10.0.0.0/33")))),
                "InvalidParameterValue");
        call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "f", "IpFilter", Map.of("Policy", "Block", "Cidr", "10.0.0.0/8"))))
                .statusCode(200);
        error(call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "f", "IpFilter", Map.of("Policy", "Allow", "Cidr", "10.1.0.0/16")))),
                "AlreadyExists");
        call(a, "ListReceiptFilters", Map.of()).body("Filters.Name", contains("f")).body("Filters[0].IpFilter.Cidr", equalTo("10.0.0.0/8"));
        call(a, "DeleteReceiptFilter", Map.of("FilterName", "f")).statusCode(200);
        call(a, "DeleteReceiptFilter", Map.of("FilterName", "f")).statusCode(200);
        call(a, "ListReceiptFilters", Map.of()).body("Filters", hasSize(0));
    }

    /** The reference, for rule sets, rules and IP filters alike: "Contain less than 64 characters." */
    @Test
    void namesMustContainLessThanSixtyFourCharacters() {
        String a = "950000000006";
        String sixtyThree = "a".repeat(62) + "1";
        String sixtyFour = "a".repeat(63) + "1";
        error(call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", sixtyFour)), "InvalidParameterValue");
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", sixtyThree)).statusCode(200);
        error(call(a, "CloneReceiptRuleSet", Map.of("RuleSetName", sixtyFour, "OriginalRuleSetName", sixtyThree)), "InvalidParameterValue");
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", sixtyThree, "Rule", rule(sixtyFour))), "InvalidParameterValue");
        call(a, "CreateReceiptRule", Map.of("RuleSetName", sixtyThree, "Rule", rule(sixtyThree))).statusCode(200);
        Map<String, Object> ipFilter = Map.of("Policy", "Block", "Cidr", "10.0.0.0/8");
        error(call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", sixtyFour, "IpFilter", ipFilter))), "InvalidParameterValue");
        call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", sixtyThree, "IpFilter", ipFilter))).statusCode(200);
        // AddHeaderAction: the value "Must be less than 2048 characters".
        error(call(a, "CreateReceiptRule", Map.of("RuleSetName", sixtyThree, "Rule", header("long", 2048))), "InvalidParameterValue");
        call(a, "CreateReceiptRule", Map.of("RuleSetName", sixtyThree, "Rule", header("fits", 2047))).statusCode(200);
        call(a, "ListReceiptRuleSets", Map.of()).body("RuleSets.Name", contains(sixtyThree));
        call(a, "ListReceiptFilters", Map.of()).body("Filters.Name", contains(sixtyThree));
    }

    /** The reference: a filter name may "Contain only ASCII letters (a-z, A-Z), numbers (0-9), periods (.), underscores (_), or dashes (-)." */
    @Test
    void ipFilterNamesMayContainPeriods() {
        String a = "950000000007";
        call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "office.v4_block-1",
                "IpFilter", Map.of("Policy", "Block", "Cidr", "192.0.2.0/24")))).statusCode(200);
        error(call(a, "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "office.",
                "IpFilter", Map.of("Policy", "Block", "Cidr", "192.0.2.0/24")))), "InvalidParameterValue");
        call(a, "ListReceiptFilters", Map.of()).body("Filters.Name", contains("office.v4_block-1"));
    }

    /**
     * The reference's defaults: Enabled "The default value is false", ScanEnabled "The default value is false", TlsPolicy
     * "The default is Optional", SNSAction Encoding "The default value is UTF-8", LambdaAction InvocationType "The
     * default value is Event".
     */
    @Test
    void aRuleCreatedWithoutOptionsIsDescribedWithTheReferenceDefaults() {
        String a = "950000000008";
        String function = "arn:aws:lambda:us-east-1:" + a + ":function:defaults";
        given().contentType(ContentType.JSON).header("Authorization", InternalCalls.operator("receipt")).body(Map.of("functionArn", function, "endpoint", "http://127.0.0.1:9/"))
                .post("/internal/admin/functions").then().statusCode(201);
        call(a, "CreateReceiptRuleSet", Map.of("RuleSetName", "defaults")).statusCode(200);
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "defaults", "Rule", Map.of("Name", "bare", "Actions", List.of(
                Map.of("SNSAction", Map.of("TopicArn", "arn:aws:sns:us-east-1:" + a + ":inbound")),
                Map.of("LambdaAction", Map.of("FunctionArn", function)))))).statusCode(200);
        call(a, "DescribeReceiptRule", Map.of("RuleSetName", "defaults", "RuleName", "bare")).statusCode(200)
                .body("Rule.Enabled", equalTo(false)).body("Rule.ScanEnabled", equalTo(false)).body("Rule.TlsPolicy", equalTo("Optional"))
                .body("Rule.Actions[0].SNSAction.Encoding", equalTo("UTF-8"))
                .body("Rule.Actions[1].LambdaAction.InvocationType", equalTo("Event"));
        call(a, "DescribeReceiptRuleSet", Map.of("RuleSetName", "defaults")).body("Rules[0].TlsPolicy", equalTo("Optional"));
        call(a, "CreateReceiptRule", Map.of("RuleSetName", "defaults", "Rule", Map.of("Name", "chosen", "Enabled", true,
                "TlsPolicy", "Require", "Actions", List.of(Map.of("SNSAction", Map.of("TopicArn",
                        "arn:aws:sns:us-east-1:" + a + ":inbound", "Encoding", "Base64")))))).statusCode(200);
        call(a, "DescribeReceiptRule", Map.of("RuleSetName", "defaults", "RuleName", "chosen"))
                .body("Rule.Enabled", equalTo(true)).body("Rule.TlsPolicy", equalTo("Require"))
                .body("Rule.Actions[0].SNSAction.Encoding", equalTo("Base64"));
    }

    @Test
    void oneTenantNeverSeesAnothersRules() {
        call("950000000004", "CreateReceiptRuleSet", Map.of("RuleSetName", "mine")).statusCode(200);
        call("950000000004", "CreateReceiptFilter", Map.of("Filter", Map.of("Name", "f", "IpFilter", Map.of("Policy", "Allow", "Cidr", "1.2.3.4"))))
                .statusCode(200);
        String other = "950000000005";
        call(other, "ListReceiptRuleSets", Map.of()).body("RuleSets", hasSize(0));
        call(other, "ListReceiptFilters", Map.of()).body("Filters", hasSize(0));
        error(call(other, "DescribeReceiptRuleSet", Map.of("RuleSetName", "mine")), "RuleSetDoesNotExist");
        error(call(other, "SetActiveReceiptRuleSet", Map.of("RuleSetName", "mine")), "RuleSetDoesNotExist");
        call(other, "CreateReceiptRuleSet", Map.of("RuleSetName", "mine")).statusCode(200);
    }
}

package dev.sesame.events;

import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Configuration sets and event destinations through the internal API, on a real Kafka broker. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class ConfigurationSetActionsTest {

    static ValidatableResponse call(String account, String action, Object body) {
        return given().contentType(ContentType.JSON).header("Authorization", InternalCalls.tenant("events", account))
                .body(body).post("/internal/ses/" + action).then();
    }

    static Map<String, Object> cloudWatch(String name, boolean enabled) {
        return Map.of("Name", name, "Enabled", enabled, "MatchingEventTypes", List.of("send", "bounce"),
                "CloudWatchDestination", Map.of("DimensionConfigurations", List.of(
                        Map.of("DimensionName", "campaign", "DimensionValueSource", "messageTag", "DefaultDimensionValue", "none"))));
    }

    static Map<String, Object> firehose(String name) {
        return Map.of("Name", name, "MatchingEventTypes", List.of("delivery"), "KinesisFirehoseDestination", Map.of(
                "IAMRoleARN", "arn:aws:iam::123456789012:role/firehose", "DeliveryStreamARN",
                "arn:aws:firehose:us-east-1:123456789012:deliverystream/ses-events"));
    }

    @Test
    void aSetHoldsSeveralDestinationsThatCanBeUpdatedAndDeleted() {
        String a = "910000000001";
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "marketing"))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "marketing",
                "EventDestination", cloudWatch("metrics", true))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "marketing",
                "EventDestination", firehose("archive"))).statusCode(200);
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "marketing", "ConfigurationSetAttributeNames",
                List.of("eventDestinations"))).statusCode(200)
                .body("ConfigurationSet.Name", equalTo("marketing"))
                .body("EventDestinations.Name", contains("metrics", "archive"))
                .body("EventDestinations[0].Enabled", equalTo(true))
                .body("EventDestinations[0].CloudWatchDestination.DimensionConfigurations[0].DimensionName", equalTo("campaign"))
                .body("EventDestinations[1].Enabled", equalTo(false))
                .body("EventDestinations[1].KinesisFirehoseDestination.DeliveryStreamARN", equalTo(
                        "arn:aws:firehose:us-east-1:123456789012:deliverystream/ses-events"));
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "marketing")).body("EventDestinations", nullValue());
        call(a, "UpdateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "marketing",
                "EventDestination", cloudWatch("metrics", false))).statusCode(200);
        call(a, "DeleteConfigurationSetEventDestination", Map.of("ConfigurationSetName", "marketing", "EventDestinationName", "archive"))
                .statusCode(200);
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "marketing", "ConfigurationSetAttributeNames",
                List.of("eventDestinations"))).body("EventDestinations", hasSize(1)).body("EventDestinations[0].Enabled", equalTo(false));
        call(a, "DeleteConfigurationSet", Map.of("ConfigurationSetName", "marketing")).statusCode(200);
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "marketing")).statusCode(400)
                .body("code", equalTo("ConfigurationSetDoesNotExist"));
    }

    @Test
    void everyErrorTheSpecListsForItsCause() {
        String a = "910000000002";
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "bad name"))).statusCode(400)
                .body("code", equalTo("InvalidConfigurationSet"));
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "x".repeat(64)))).statusCode(400)
                .body("code", equalTo("InvalidConfigurationSet"));
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "s"))).statusCode(200);
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "s"))).statusCode(400)
                .body("code", equalTo("ConfigurationSetAlreadyExists"));
        call(a, "DeleteConfigurationSet", Map.of("ConfigurationSetName", "nope")).statusCode(400)
                .body("code", equalTo("ConfigurationSetDoesNotExist"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "nope", "EventDestination",
                cloudWatch("d", true))).statusCode(400).body("code", equalTo("ConfigurationSetDoesNotExist"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination",
                cloudWatch("d", true))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination",
                cloudWatch("d", true))).statusCode(400).body("code", equalTo("EventDestinationAlreadyExists"));
        call(a, "UpdateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination",
                cloudWatch("other", true))).statusCode(400).body("code", equalTo("EventDestinationDoesNotExist"));
        call(a, "DeleteConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestinationName", "other"))
                .statusCode(400).body("code", equalTo("EventDestinationDoesNotExist"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination", Map.of(
                "Name", "cw", "MatchingEventTypes", List.of("send"), "CloudWatchDestination", Map.of("DimensionConfigurations", List.of(
                        Map.of("DimensionName", "bad name", "DimensionValueSource", "messageTag", "DefaultDimensionValue", "v"))))))
                .statusCode(400).body("code", equalTo("InvalidCloudWatchDestination"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination", Map.of(
                "Name", "fh", "MatchingEventTypes", List.of("send"), "KinesisFirehoseDestination", Map.of(
                        "IAMRoleARN", "not-a-role", "DeliveryStreamARN", "arn:aws:firehose:us-east-1:123456789012:deliverystream/x"))))
                .statusCode(400).body("code", equalTo("InvalidFirehoseDestination"));
        Map<String, Object> both = new java.util.HashMap<>(cloudWatch("both", true));
        both.put("KinesisFirehoseDestination", firehose("x").get("KinesisFirehoseDestination"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination", both))
                .statusCode(400).body("code", equalTo("InvalidParameterValue"));
        for (int i = 1; i < 10; i++) {
            call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination",
                    cloudWatch("d" + i, true))).statusCode(200);
        }
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "s", "EventDestination",
                cloudWatch("eleventh", true))).statusCode(400).body("code", equalTo("LimitExceeded"));
    }

    /** The reference's UpdateConfigurationSet*, PutConfigurationSetDeliveryOptions and *ConfigurationSetTrackingOptions. */
    @Test
    void optionsAreKeptAndDescribedByAttribute() {
        String a = "910000000006";
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "opts"))).statusCode(200);
        List<String> all = List.of("trackingOptions", "deliveryOptions", "reputationOptions");
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "opts", "ConfigurationSetAttributeNames", all)).statusCode(200)
                .body("ReputationOptions.SendingEnabled", equalTo(true)).body("ReputationOptions.ReputationMetricsEnabled", equalTo(false))
                .body("DeliveryOptions.TlsPolicy", equalTo("Optional")).body("TrackingOptions", nullValue());
        call(a, "UpdateConfigurationSetSendingEnabled", Map.of("ConfigurationSetName", "opts", "Enabled", false)).statusCode(200);
        call(a, "UpdateConfigurationSetReputationMetricsEnabled", Map.of("ConfigurationSetName", "opts", "Enabled", true)).statusCode(200);
        call(a, "PutConfigurationSetDeliveryOptions", Map.of("ConfigurationSetName", "opts", "DeliveryOptions", Map.of("TlsPolicy", "Require")))
                .statusCode(200);
        call(a, "UpdateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts", "TrackingOptions", Map.of()))
                .statusCode(400).body("code", equalTo("TrackingOptionsDoesNotExistException"));
        call(a, "CreateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts", "TrackingOptions",
                Map.of("CustomRedirectDomain", "not a domain"))).statusCode(400).body("code", equalTo("InvalidTrackingOptions"));
        call(a, "CreateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts", "TrackingOptions", Map.of())).statusCode(200);
        call(a, "CreateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts", "TrackingOptions", Map.of()))
                .statusCode(400).body("code", equalTo("TrackingOptionsAlreadyExistsException"));
        call(a, "UpdateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts", "TrackingOptions",
                Map.of("CustomRedirectDomain", "track.example.com"))).statusCode(200);
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "opts", "ConfigurationSetAttributeNames", all)).statusCode(200)
                .body("ReputationOptions.SendingEnabled", equalTo(false)).body("ReputationOptions.ReputationMetricsEnabled", equalTo(true))
                .body("DeliveryOptions.TlsPolicy", equalTo("Require"))
                .body("TrackingOptions.CustomRedirectDomain", equalTo("track.example.com"));
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "opts")).statusCode(200)
                .body("DeliveryOptions", nullValue()).body("ReputationOptions", nullValue());
        call(a, "DeleteConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts")).statusCode(200);
        call(a, "DeleteConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "opts")).statusCode(400)
                .body("code", equalTo("TrackingOptionsDoesNotExistException"));
        call(a, "UpdateConfigurationSetSendingEnabled", Map.of("ConfigurationSetName", "absent", "Enabled", false)).statusCode(400)
                .body("code", equalTo("ConfigurationSetDoesNotExist"));
    }

    @Test
    void snsDestinationsNameATopicOfTheTenant() {
        String a = "910000000007";
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "sns"))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "sns", "EventDestination", Map.of("Name", "t",
                "MatchingEventTypes", List.of("send"), "SNSDestination", Map.of("TopicARN", "arn:aws:sns:us-east-1:" + a + ":events"))))
                .statusCode(200);
        call(a, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "sns", "ConfigurationSetAttributeNames", List.of("eventDestinations")))
                .body("EventDestinations[0].SNSDestination.TopicARN", equalTo("arn:aws:sns:us-east-1:" + a + ":events"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "sns", "EventDestination", Map.of("Name", "u",
                "MatchingEventTypes", List.of("send"), "SNSDestination", Map.of("TopicARN", "not-an-arn")))).statusCode(400)
                .body("code", equalTo("InvalidSNSDestination"));
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "sns", "EventDestination", Map.of("Name", "v",
                "MatchingEventTypes", List.of("send"), "SNSDestination", Map.of("TopicARN", "arn:aws:sns:us-east-1:999999999999:theirs"))))
                .statusCode(400).body("code", equalTo("InvalidSNSDestination"));
    }

    @Test
    void listingPagesInNameOrderAndTenantsAreIsolated() {
        String a = "910000000003";
        for (String name : List.of("c", "a", "b")) {
            call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", name))).statusCode(200);
        }
        String next = call(a, "ListConfigurationSets", Map.of("MaxItems", 2)).body("ConfigurationSets.Name", contains("a", "b"))
                .extract().path("NextToken");
        call(a, "ListConfigurationSets", Map.of("MaxItems", 2, "NextToken", next)).body("ConfigurationSets.Name", contains("c"))
                .body("NextToken", nullValue());
        String b = "910000000004";
        call(b, "ListConfigurationSets", Map.of()).body("ConfigurationSets", hasSize(0));
        call(b, "DescribeConfigurationSet", Map.of("ConfigurationSetName", "a")).statusCode(400)
                .body("code", equalTo("ConfigurationSetDoesNotExist"));
        call(b, "DeleteConfigurationSet", Map.of("ConfigurationSetName", "a")).statusCode(400);
        call(b, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "a"))).statusCode(200);
    }

    @Test
    void concurrentCreationsOfOneNameEndWithExactlyOneSuccess() {
        String a = "910000000005";
        List<CompletableFuture<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> call(a, "CreateConfigurationSet",
                    Map.of("ConfigurationSet", Map.of("Name", "race"))).extract().statusCode()));
        }
        assertEquals(1, attempts.stream().map(CompletableFuture::join).filter(status -> status == 200).count());
    }
}

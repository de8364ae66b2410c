package dev.sesame.events;

import dev.sesame.testing.InternalCalls;
import static dev.sesame.events.ConfigurationSetActionsTest.call;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sending stream projected into a configuration set's CloudWatch-style and Firehose-style destinations. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class DestinationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record of the sending stream, as the sending service writes it. */
    private static void publish(String account, String type, String set, String campaign, String team) throws Exception {
        String mail = "{\"timestamp\":\"2026-11-26T10:00:00.000Z\",\"messageId\":\"0100019ac1b2c3d4-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee-000000\","
                + "\"source\":\"me@x.example\",\"sourceArn\":\"arn:aws:ses:us-east-1:" + account + ":identity/x.example\",\"sendingAccountId\":\""
                + account + "\",\"destination\":[\"a@y.example\",\"b@y.example\"],\"headersTruncated\":false,\"headers\":["
                + (team == null ? "" : "{\"name\":\"X-Team\",\"value\":\"" + team + "\"}") + "],\"commonHeaders\":{\"messageId\":\"m\"},"
                + "\"tags\":{\"ses:configuration-set\":[\"" + set + "\"]" + (campaign == null ? "" : ",\"campaign\":[\"" + campaign + "\"]") + "}}";
        String detail = switch (type) {
            case "Send" -> "\"send\":{}";
            case "Delivery" -> "\"delivery\":{\"timestamp\":\"2026-11-26T10:00:01.000Z\",\"processingTimeMillis\":1,"
                    + "\"recipients\":[\"a@y.example\",\"b@y.example\"],\"smtpResponse\":\"250 ok\",\"reportingMTA\":\"h\"}";
            default -> "\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"a@y.example\"}]}";
        };
        JsonNode record = JSON.readTree("{\"eventType\":\"" + type + "\",\"mail\":" + mail + "," + detail + "}");
        try (EventLog log = new EventLog(KafkaBroker.shared().bootstrapServers(), "test-sending")) {
            log.append("sesame.sending.events", account, EventEnvelope.of(type, 1, account, "m", null, record)).get(10, TimeUnit.SECONDS);
        }
    }

    private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not happen within 20 s");
    }

    private static long sum(String account, String metric, Map<String, String> dimensions) {
        List<Map<String, Object>> series = given().header("Authorization", InternalCalls.tenant("events", account)).queryParam("metric", metric)
                .get("/internal/metrics/query").then().statusCode(200).extract().jsonPath().getList("$");
        long total = 0;
        for (Map<String, Object> s : series) {
            if (s.get("dimensions").equals(dimensions)) {
                for (Object point : (List<?>) s.get("datapoints")) {
                    total += ((Number) ((Map<?, ?>) point).get("sum")).longValue();
                }
            }
        }
        return total;
    }

    @Test
    void eventsOfASetReachEachEnabledDestinationWithTheirDimensions() throws Exception {
        String a = "920000000001";
        deleteRecursively(Path.of("target/firehose", a));
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "news"))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "news", "EventDestination", Map.of(
                "Name", "metrics", "Enabled", true, "MatchingEventTypes", List.of("send", "delivery", "bounce"),
                "CloudWatchDestination", Map.of("DimensionConfigurations", List.of(
                        Map.of("DimensionName", "campaign", "DimensionValueSource", "messageTag", "DefaultDimensionValue", "none"),
                        Map.of("DimensionName", "X-Team", "DimensionValueSource", "emailHeader", "DefaultDimensionValue", "nobody"),
                        Map.of("DimensionName", "env", "DimensionValueSource", "messageTag", "DefaultDimensionValue", "prod")))))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "news", "EventDestination", Map.of(
                "Name", "archive", "Enabled", true, "MatchingEventTypes", List.of("delivery"),
                "KinesisFirehoseDestination", Map.of("IAMRoleARN", "arn:aws:iam::" + a + ":role/fh",
                        "DeliveryStreamARN", "arn:aws:firehose:us-east-1:" + a + ":deliverystream/news-events")))).statusCode(200);

        publish(a, "Send", "news", "nov", "growth");
        publish(a, "Send", "news", null, null);
        publish(a, "Delivery", "news", "nov", "growth");
        publish(a, "Bounce", "news", "nov", "growth");
        publish(a, "Send", "other-set", "nov", "growth");

        Map<String, String> tagged = Map.of("campaign", "nov", "X-Team", "growth", "env", "prod");
        Map<String, String> defaults = Map.of("campaign", "none", "X-Team", "nobody", "env", "prod");
        eventually("the counters", () -> sum(a, "Send", tagged) == 1 && sum(a, "Send", defaults) == 1
                && sum(a, "Delivery", tagged) == 2 && sum(a, "Bounce", tagged) == 1);
        String prometheus = given().header("Authorization", InternalCalls.operator("events")).get("/internal/admin/metrics/prometheus").then().statusCode(200).extract().asString();
        assertTrue(prometheus.contains("ses_events_total{account=\"" + a + "\",configuration_set=\"news\",destination=\"metrics\","
                + "metric=\"Delivery\",dim_X_Team=\"growth\",dim_campaign=\"nov\",dim_env=\"prod\"} 2"), prometheus);

        Path stream = Path.of("target/firehose", a, "news-events");
        eventually("the Firehose object", () -> files(stream).size() == 1);
        Path object = files(stream).get(0);
        assertTrue(object.getFileName().toString().matches("news-events-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}"),
                object.toString());
        assertTrue(stream.relativize(object).toString().matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}/.*"), object.toString());
        List<String> lines = Files.readAllLines(object);
        assertEquals(1, lines.size(), "only the Delivery matches the Firehose destination");
        assertEquals("Delivery", JSON.readTree(lines.get(0)).path("eventType").asText());
        assertTrue(Files.readString(object).endsWith("}\n"), "each record is followed by a newline");

        call(a, "UpdateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "news", "EventDestination", Map.of(
                "Name", "metrics", "Enabled", false, "MatchingEventTypes", List.of("send"),
                "CloudWatchDestination", Map.of("DimensionConfigurations", List.of(
                        Map.of("DimensionName", "campaign", "DimensionValueSource", "messageTag", "DefaultDimensionValue", "none"))))))
                .statusCode(200);
        publish(a, "Send", "news", "dec", null);
        Thread.sleep(1500);
        assertEquals(0, sum(a, "Send", Map.of("campaign", "dec")), "a disabled destination gets nothing");
    }

    /** Objects of an earlier run of this test must not count. */
    private static void deleteRecursively(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static List<Path> files(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (Exception e) {
            return new ArrayList<>();
        }
    }
}

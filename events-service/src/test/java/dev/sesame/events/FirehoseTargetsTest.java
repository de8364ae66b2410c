package dev.sesame.events;

import dev.sesame.testing.InternalCalls;
import static dev.sesame.events.ConfigurationSetActionsTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.MotoS3;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Delivery streams whose destination is an HTTP endpoint (Firehose's HTTP endpoint delivery format, to a server
 * the test runs) or an S3-compatible store (moto's S3 server, a real independent implementation).
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(FirehoseTargetsTest.Targets.class)
class FirehoseTargetsTest {

    static final List<String> BODIES = new CopyOnWriteArrayList<>();
    static final List<String> ACCESS_KEYS = new CopyOnWriteArrayList<>();

    /** An HTTP endpoint and a moto S3 server, and the two streams that write to them (one configured, one registered). */
    public static class Targets implements QuarkusTestResourceLifecycleManager {
        private HttpServer hook;

        @Override
        public Map<String, String> start() {
            try {
                hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                hook.createContext("/firehose", exchange -> {
                    BODIES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    ACCESS_KEYS.add(exchange.getRequestHeaders().getFirst("X-Amz-Firehose-Access-Key"));
                    byte[] answer = "{\"requestId\":\"r\",\"timestamp\":0}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
                hook.start();
                MotoS3.shared().createBucket("ses-archive");
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the Firehose targets", e);
            }
            return Map.of(
                    "sesame.events.firehose-targets.to-http.type", "http",
                    "sesame.events.firehose-targets.to-http.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/firehose",
                    "sesame.events.firehose-targets.to-http.access-key", "endpoint-key");
        }

        @Override
        public void stop() {
            hook.stop(0);
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

    @Test
    void streamsWriteToAnHttpEndpointAndAnS3CompatibleStore() throws Exception {
        String a = "940000000001";
        // to-http is configured (sesame.events.firehose-targets); to-s3 is registered through the admin API.
        io.restassured.RestAssured.given().contentType("application/json").header("Authorization", InternalCalls.operator("events")).body(Map.of(
                        "deliveryStreamArn", "arn:aws:firehose:us-east-1:" + a + ":deliverystream/to-s3", "type", "s3",
                        "url", MotoS3.shared().url(), "bucket", "ses-archive", "accessKey", "AKIDFIREHOSE", "secretKey", "firehose-secret"))
                .post("/internal/admin/delivery-streams").then().statusCode(201);
        io.restassured.RestAssured.given().contentType("application/json").header("Authorization", InternalCalls.operator("events")).body(Map.of(
                        "deliveryStreamArn", "arn:aws:firehose:us-east-1:" + a + ":deliverystream/bad", "type", "s3", "url", MotoS3.shared().url()))
                .post("/internal/admin/delivery-streams").then().statusCode(400);
        io.restassured.RestAssured.given().header("Authorization", InternalCalls.operator("events")).queryParam("accountId", a)
                .get("/internal/admin/delivery-streams").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("firehose-secret")));
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "targets"))).statusCode(200);
        for (String stream : List.of("to-http", "to-s3")) {
            call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "targets", "EventDestination", Map.of(
                    "Name", stream, "Enabled", true, "MatchingEventTypes", List.of("send"), "KinesisFirehoseDestination", Map.of(
                            "IAMRoleARN", "arn:aws:iam::" + a + ":role/fh",
                            "DeliveryStreamARN", "arn:aws:firehose:us-east-1:" + a + ":deliverystream/" + stream)))).statusCode(200);
        }
        String record = "{\"eventType\":\"Send\",\"mail\":{\"messageId\":\"target-test\",\"tags\":{\"ses:configuration-set\":[\"targets\"]}},"
                + "\"send\":{}}";
        try (EventLog log = new EventLog(KafkaBroker.shared().bootstrapServers(), "test")) {
            log.append("sesame.sending.events", a, EventEnvelope.of("Send", 1, a, "target-test", null,
                    new ObjectMapper().readTree(record))).get(10, TimeUnit.SECONDS);
        }

        eventually("the HTTP endpoint delivery", () -> BODIES.stream().anyMatch(b -> b.contains("\"records\"")));
        JsonNode request = new ObjectMapper().readTree(BODIES.get(0));
        String data = new String(Base64.getDecoder().decode(request.at("/records/0/data").asText()), StandardCharsets.UTF_8);
        assertTrue(data.contains("target-test") && data.endsWith("\n"), data);
        assertEquals("endpoint-key", ACCESS_KEYS.get(0));

        String[] key = new String[1];
        Pattern firehoseKey = Pattern.compile(a + "/to-s3/\\d{4}/\\d{2}/\\d{2}/\\d{2}/to-s3-1-.+");
        eventually("the S3 object", () -> {
            try {
                key[0] = MotoS3.shared().keys("ses-archive").stream().filter(k -> firehoseKey.matcher(k).matches()).findFirst().orElse(null);
                return key[0] != null;
            } catch (Exception e) {
                return false;
            }
        });
        // Objects are private: read it back as an S3 client does, with boto3.
        String object = MotoS3.shared().get("ses-archive", key[0], "AKIDFIREHOSE", "firehose-secret");
        assertTrue(object.contains("\"messageId\":\"target-test\"") && object.endsWith("\n"), "[" + object + "] " + key[0]);
    }
}

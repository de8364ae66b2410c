package dev.sesame.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway reports ready only once its warm-up is over; a warm-up that cannot reach the sending service (down in
 * tests) gives up after its service wait, and the gateway is ready anyway.
 */
@QuarkusTest
@TestProfile(WarmUpReadinessTest.WarmUpOn.class)
@WithTestResource(SesameInfraResource.class)
class WarmUpReadinessTest {

    public static class WarmUpOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sesame.gateway.warm-up.requests", "100", "sesame.gateway.warm-up.service-wait", "PT4S");
        }
    }

    @Test
    void readinessWaitsForTheWarmUpThenItsServiceWait() throws InterruptedException {
        given().get("/q/health/ready").then().statusCode(503).body("checks.find { it.name == 'warm-up' }.status", equalTo("DOWN"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway never became ready");
            }
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'warm-up' }.status", equalTo("UP"));
    }
}

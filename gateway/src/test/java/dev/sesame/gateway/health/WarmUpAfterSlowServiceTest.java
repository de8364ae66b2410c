package dev.sesame.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A sending service that replays a long history becomes ready late: the warm-up's patience counts from then, so the
 * warm-up still runs in full. (It counted from the gateway's start, and on a stack of two million messages the gateway
 * became ready without a warm-up.) The sending service here answers over HTTP as the real one's readiness and SendEmail
 * do: not ready for three seconds after it is first asked, longer than the two seconds of patience.
 */
@QuarkusTest
@TestProfile(WarmUpAfterSlowServiceTest.SlowService.class)
@WithTestResource(SesameInfraResource.class)
@WithTestResource(WarmUpAfterSlowServiceTest.LateSendingService.class)
class WarmUpAfterSlowServiceTest {

    static final int REQUESTS = 60;

    public static class SlowService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sesame.gateway.warm-up.requests", String.valueOf(REQUESTS), "sesame.gateway.warm-up.patience", "PT2S",
                    "sesame.gateway.warm-up.service-wait", "PT60S");
        }
    }

    /** The sending service's two endpoints the warm-up uses: readiness (503 for three seconds from the first probe) and SendEmail. */
    public static class LateSendingService implements QuarkusTestResourceLifecycleManager {
        static final AtomicInteger SENDS = new AtomicInteger();
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            AtomicLong readyAt = new AtomicLong();
            server.createContext("/q/health/ready", exchange -> {
                readyAt.compareAndSet(0, System.nanoTime() + 3_000_000_000L);
                answer(exchange, System.nanoTime() > readyAt.get() ? 200 : 503, "{}");
            });
            server.createContext("/internal/ses/SendEmail", exchange -> {
                exchange.getRequestBody().readAllBytes();
                answer(exchange, 200, "{\"MessageId\":\"0100019af1e2c3d4-5b6a7980-1a2b-4c3d-8e9f-0a1b2c3d4e5f-000000\"}");
                SENDS.incrementAndGet();
            });
            server.createContext("/", exchange -> answer(exchange, 404, ""));
            server.start();
            Map<String, String> config = new HashMap<>();
            config.put("sesame.gateway.services.sending", "http://127.0.0.1:" + server.getAddress().getPort());
            return config;
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Test
    void thePatienceCountsFromTheSendingServicesReadiness() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway never became ready");
            }
            Thread.sleep(100);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.data.accepted", equalTo(REQUESTS));
        assertTrue(LateSendingService.SENDS.get() >= REQUESTS, "the sending service took " + LateSendingService.SENDS.get() + " SendEmail calls");
    }
}

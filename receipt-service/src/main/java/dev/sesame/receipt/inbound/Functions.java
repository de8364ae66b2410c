package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Invokes Lambda-style functions: the function registry maps a function ARN to an HTTP endpoint, which gets the SES
 * Lambda event as a JSON POST. {@code Event} invocations are asynchronous; {@code RequestResponse} waits (30 s by
 * default) and reads the function's disposition.
 */
@Singleton
public class Functions {

    private static final Logger LOG = Logger.getLogger(Functions.class);
    private static final Set<String> DISPOSITIONS = Set.of("STOP_RULE", "STOP_RULE_SET", "CONTINUE");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;

    public Functions(@ConfigProperty(name = "sesame.receipt.lambda-timeout", defaultValue = "PT30S") Duration timeout) {
        this.timeout = timeout;
    }

    /** {@code Event}: sent without waiting; a failure is logged. */
    public void invokeAsync(String functionArn, String endpoint, ObjectNode event) {
        http.sendAsync(request(endpoint, event, "Event"), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() / 100 != 2) {
                LOG.warnf("function %s at %s: %s", functionArn, endpoint, failure != null ? failure.toString() : "HTTP " + response.statusCode());
            }
        });
    }

    /**
     * {@code RequestResponse}: the function's {@code disposition}, {@code CONTINUE} when it returns none, null or an
     * unknown one, as SES does.
     *
     * @throws IOException when the function cannot be reached, fails, or does not answer in time
     */
    public String invoke(String endpoint, ObjectNode event) throws IOException {
        try {
            HttpResponse<String> response = http.send(request(endpoint, event, "RequestResponse"), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + response.statusCode());
            }
            JsonNode result = response.body().isBlank() ? null : EventCodec.JSON.readTree(response.body());
            String disposition = result == null ? null : result.path("disposition").asText(null);
            return disposition != null && DISPOSITIONS.contains(disposition) ? disposition : "CONTINUE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "CONTINUE";
        }
    }

    private HttpRequest request(String endpoint, ObjectNode event, String invocationType) {
        return HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Amz-Invocation-Type", invocationType)
                .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build();
    }
}

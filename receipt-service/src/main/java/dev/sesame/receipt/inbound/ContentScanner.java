package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventCodec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spam and virus verdicts, from a pluggable scanner: when {@code sesame.receipt.scanner-url} is set, the message
 * is POSTed there ({@code message/rfc822}) and the answer {@code {"spam": "PASS|FAIL|GRAY", "virus": "PASS|FAIL|GRAY"}}
 * is the verdict (PROCESSING_FAILED when it cannot be had); otherwise the built-in scanner knows only the industry's
 * test signatures: GTUBE is spam and EICAR a virus, everything else passes.
 */
@Singleton
public class ContentScanner {

    /** The Generic Test for Unsolicited Bulk Email (SpamAssassin). */
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    /** The EICAR anti-virus test file. */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private static final Set<String> VERDICTS = Set.of("PASS", "FAIL", "GRAY");

    public record Result(String spam, String virus) {
    }

    private final Optional<URI> url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public ContentScanner(@ConfigProperty(name = "sesame.receipt.scanner-url") Optional<URI> url) {
        this.url = url;
    }

    public Result scan(byte[] message) {
        if (url.isEmpty()) {
            String text = new String(message, StandardCharsets.ISO_8859_1);
            return new Result(text.contains(GTUBE) ? "FAIL" : "PASS", text.contains(EICAR) ? "FAIL" : "PASS");
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "message/rfc822").POST(HttpRequest.BodyPublishers.ofByteArray(message)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.statusCode() / 100 == 2 ? EventCodec.JSON.readTree(response.body()) : null;
            return new Result(verdict(answer, "spam"), verdict(answer, "virus"));
        } catch (IOException e) {
            return new Result("PROCESSING_FAILED", "PROCESSING_FAILED");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result("PROCESSING_FAILED", "PROCESSING_FAILED");
        }
    }

    private static String verdict(JsonNode answer, String name) {
        String value = answer == null ? null : answer.path(name).asText(null);
        return value != null && VERDICTS.contains(value) ? value : "PROCESSING_FAILED";
    }
}

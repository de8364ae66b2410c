package dev.sesame.ses.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.IdentityType;

/** The parser reads the exact bytes the AWS SDK for Java v2 puts on the wire, captured before transmission. */
class JavaSdkBytesTest {

    private final QueryParser parser = new QueryParser(ServiceModel.ses());

    /** Thrown by the interceptor to stop the SDK once it has shown its body. */
    private static final class Captured extends RuntimeException {
        final String body;

        Captured(String body) {
            super(null, null, false, false);
            this.body = body;
        }
    }

    private JsonNode sent(Consumer<SesClient> call) {
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                try (InputStream in = ((software.amazon.awssdk.http.SdkHttpFullRequest) context.httpRequest()).contentStreamProvider().orElseThrow().newStream()) {
                    throw new Captured(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try (SesClient ses = SesClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(capture))
                .build()) {
            Captured captured = assertThrows(Captured.class, () -> call.accept(ses));
            return parser.parse(FormDecoder.decode(captured.body)).input();
        }
    }

    @Test
    void sendEmailFromTheJavaSdkParses() {
        JsonNode in = sent(ses -> ses.sendEmail(r -> r.source("ann@example.com")
                .destination(d -> d.toAddresses("to@example.com").bccAddresses("b1@example.com", "b2@example.com"))
                .message(m -> m.subject(s -> s.data("Ünïcode ✓")).body(b -> b.text(t -> t.data("a+b=c&d"))))
                .tags(t -> t.name("k").value("v"))));
        assertEquals("ann@example.com", in.get("Source").asText());
        assertEquals("b2@example.com", in.at("/Destination/BccAddresses/1").asText());
        assertEquals("Ünïcode ✓", in.at("/Message/Subject/Data").asText());
        assertEquals("a+b=c&d", in.at("/Message/Body/Text/Data").asText());
        assertEquals("v", in.at("/Tags/0/Value").asText());
    }

    @Test
    void sendRawEmailFromTheJavaSdkKeepsEveryByte() {
        byte[] mime = "Subject: ÿ\r\n\r\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode in = sent(ses -> ses.sendRawEmail(r -> r.rawMessage(m -> m.data(SdkBytes.fromByteArray(mime)))));
        assertEquals(java.util.Base64.getEncoder().encodeToString(mime), in.at("/RawMessage/Data").asText());
    }

    @Test
    void listIdentitiesFromTheJavaSdkHasATypedMaxItems() {
        JsonNode in = sent(ses -> ses.listIdentities(r -> r.identityType(IdentityType.EMAIL_ADDRESS).maxItems(1000)));
        assertEquals(1000, in.get("MaxItems").intValue());
        assertEquals("EmailAddress", in.get("IdentityType").asText());
    }
}

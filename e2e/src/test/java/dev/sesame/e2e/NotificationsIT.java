package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.NotificationType;

/** A webhook subscriber receives signed bounce, complaint and delivery notifications for a simulator send. */
class NotificationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWebhookGetsTheNotificationsOfASimulatorSend() throws Exception {
        SesameStack stack = SesameStack.shared();
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String topic = "arn:aws:sns:us-east-1:" + account + ":e2e-feedback";
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try (SesClient ses = stack.ses()) {
            stack.sesame("subscribe", topic, "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
            ses.verifyDomainIdentity(r -> r.domain("notify.e2e.example"));
            stack.sesame("identity", "verify", "notify.e2e.example");
            for (NotificationType type : List.of(NotificationType.BOUNCE, NotificationType.COMPLAINT, NotificationType.DELIVERY)) {
                ses.setIdentityNotificationTopic(r -> r.identity("notify.e2e.example").notificationType(type).snsTopic(topic));
            }
            eventually("the send is accepted", () -> {
                try {
                    ses.sendEmail(r -> r.source("me@notify.e2e.example").destination(d -> d.toAddresses(
                                    "bounce@simulator.amazonses.com", "complaint@simulator.amazonses.com"))
                            .message(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t")))));
                    return true;
                } catch (software.amazon.awssdk.services.ses.model.MessageRejectedException e) {
                    return false;
                }
            });
            eventually("bounce, complaint and delivery notifications", () -> types(received).containsAll(Set.of("Bounce", "Complaint", "Delivery")));
            JsonNode envelope = JSON.readTree(received.get(0));
            assertEquals(topic, envelope.path("TopicArn").asText());
            assertTrue(verifies(envelope), "signed with the certificate at SigningCertURL");
        } finally {
            hook.stop(0);
        }
    }

    private static Set<String> types(List<String> bodies) {
        Set<String> types = new TreeSet<>();
        for (String body : bodies) {
            try {
                types.add(JSON.readTree(JSON.readTree(body).path("Message").asText()).path("notificationType").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return types;
    }

    private static boolean verifies(JsonNode envelope) throws Exception {
        String pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(envelope.path("SigningCertURL").asText())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        String toSign = "Message\n" + envelope.path("Message").asText() + "\nMessageId\n" + envelope.path("MessageId").asText()
                + "\nTimestamp\n" + envelope.path("Timestamp").asText() + "\nTopicArn\n" + envelope.path("TopicArn").asText()
                + "\nType\n" + envelope.path("Type").asText() + "\n";
        Signature rsa = Signature.getInstance("SHA1withRSA");
        rsa.initVerify(certificate.getPublicKey());
        rsa.update(toSign.getBytes(StandardCharsets.UTF_8));
        return rsa.verify(Base64.getDecoder().decode(envelope.path("Signature").asText()));
    }
}

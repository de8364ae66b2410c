package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * The later v1 actions on the launched stack with boto3 (e2e/src/test/python/sending_options.py): account and
 * configuration-set switches, tracking and delivery options, SendBulkTemplatedEmail, and an SNS event destination whose
 * records a webhook subscribed to the topic receives.
 */
class SendingOptionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "options.e2e.example";

    @Test
    void boto3DrivesTheLaterActionsAndTheSnsDestinationPublishes() throws Exception {
        SesameStack stack = SesameStack.shared();
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String topic = "arn:aws:sns:us-east-1:" + account + ":e2e-events";
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/events", exchange -> {
            received.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try (SesClient ses = stack.ses()) {
            stack.sesame("subscribe", topic, "http://127.0.0.1:" + hook.getAddress().getPort() + "/events");
            ses.verifyDomainIdentity(r -> r.domain(DOMAIN));
            stack.sesame("identity", "verify", DOMAIN);
            eventually("the domain sends", () -> {
                try {
                    ses.sendEmail(r -> r.source("opts@" + DOMAIN).destination(d -> d.toAddresses("success@simulator.amazonses.com"))
                            .message(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t")))));
                    return true;
                } catch (software.amazon.awssdk.services.ses.model.MessageRejectedException e) {
                    return false;
                }
            });
            String out = stack.run("python3", stack.root.resolve("e2e/src/test/python/sending_options.py").toString(), DOMAIN, account, topic);
            assertTrue(out.contains("sending options: ok"), out);
            String messageId = out.lines().filter(l -> l.startsWith("sns message: ")).findFirst().orElseThrow().substring("sns message: ".length());
            eventually("the Send and Delivery records on the topic", () -> types(received, messageId).containsAll(List.of("Send", "Delivery")));
            JsonNode send = received.stream().filter(e -> e.path("Message").asText().contains(messageId)).findFirst().orElseThrow();
            assertEquals("Amazon SES Email Event Notification", send.path("Subject").asText());
            assertEquals(topic, send.path("TopicArn").asText());
        } finally {
            hook.stop(0);
        }
    }

    private static List<String> types(List<JsonNode> envelopes, String messageId) {
        return envelopes.stream().map(e -> {
            try {
                return JSON.readTree(e.path("Message").asText());
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }).filter(r -> r.at("/mail/messageId").asText().equals(messageId)).map(r -> r.path("eventType").asText()).toList();
    }
}

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

            // Open and click tracking through the gateway's public /t/ links.
            stack.run("aws", "ses", "create-configuration-set", "--configuration-set", "Name=e2e-tracked");
            stack.run("aws", "ses", "create-configuration-set-tracking-options", "--configuration-set-name", "e2e-tracked",
                    "--tracking-options", "{}");
            stack.run("aws", "ses", "create-configuration-set-event-destination", "--configuration-set-name", "e2e-tracked",
                    "--event-destination", "{\"Name\":\"engagement\",\"Enabled\":true,\"MatchingEventTypes\":[\"open\",\"click\"],"
                            + "\"SNSDestination\":{\"TopicARN\":\"" + topic + "\"}}");
            String[] tracked = new String[1];
            eventually("a tracked send", () -> {
                try {
                    tracked[0] = ses.sendEmail(r -> r.source("opts@" + DOMAIN).destination(d -> d.toAddresses("reader@tracked.e2e.example"))
                            .message(m -> m.subject(x -> x.data("news")).body(b -> b.html(h -> h.data(
                                    "<html><body><a href=\"https://shop.e2e.example/sale\">sale</a></body></html>"))))
                            .configurationSetName("e2e-tracked")).messageId();
                    return true;
                } catch (software.amazon.awssdk.services.ses.model.SesException e) {
                    return false;
                }
            });
            jakarta.mail.internet.MimeMessage mail = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                    new java.io.ByteArrayInputStream(stack.delivered("reader@tracked.e2e.example", tracked[0]).getBytes(StandardCharsets.ISO_8859_1)));
            String html = mail.getContent().toString();
            java.util.regex.Matcher click = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(stack.endpoint().toString()
                    .replaceAll("/$", "")) + "/t/c/[A-Za-z0-9_.-]+").matcher(html);
            java.util.regex.Matcher open = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(stack.endpoint().toString()
                    .replaceAll("/$", "")) + "/t/o/[A-Za-z0-9_.-]+").matcher(html);
            assertTrue(click.find() && open.find(), html);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient(); // does not follow redirects
            var clicked = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(click.group())).header("User-Agent", "e2e-browser").build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(302, clicked.statusCode());
            assertEquals("https://shop.e2e.example/sale", clicked.headers().firstValue("Location").orElseThrow());
            var opened = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(open.group())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, opened.statusCode());
            assertEquals("image/gif", opened.headers().firstValue("Content-Type").orElseThrow());
            eventually("the Open and Click records on the topic", () -> types(received, tracked[0]).containsAll(List.of("Open", "Click")));
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

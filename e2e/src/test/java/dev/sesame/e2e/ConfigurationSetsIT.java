package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.ConfigurationSetAttribute;
import software.amazon.awssdk.services.ses.model.ConfigurationSetDoesNotExistException;
import software.amazon.awssdk.services.ses.model.EventType;

/**
 * Configuration sets on the launched stack: the AWS CLI sets one up with two destinations, the SDK sends through
 * it, and the counters and the Firehose objects appear.
 */
class ConfigurationSetsIT {

    @Test
    void aSendThroughASetWithTwoDestinationsCountsAndArchives() throws Exception {
        SesameStack stack = SesameStack.shared();
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        stack.run("aws", "ses", "create-configuration-set", "--configuration-set", "Name=e2e-news");
        stack.run("aws", "ses", "create-configuration-set-event-destination", "--configuration-set-name", "e2e-news",
                "--event-destination", "{\"Name\":\"metrics\",\"Enabled\":true,\"MatchingEventTypes\":[\"send\",\"delivery\"],"
                        + "\"CloudWatchDestination\":{\"DimensionConfigurations\":["
                        + "{\"DimensionName\":\"campaign\",\"DimensionValueSource\":\"messageTag\",\"DefaultDimensionValue\":\"none\"}]}}");
        stack.run("aws", "ses", "create-configuration-set-event-destination", "--configuration-set-name", "e2e-news",
                "--event-destination", "{\"Name\":\"archive\",\"Enabled\":true,\"MatchingEventTypes\":[\"send\",\"delivery\"],"
                        + "\"KinesisFirehoseDestination\":{\"IAMRoleARN\":\"arn:aws:iam::" + account + ":role/fh\","
                        + "\"DeliveryStreamARN\":\"arn:aws:firehose:us-east-1:" + account + ":deliverystream/e2e-stream\"}}");
        JsonNode described = new ObjectMapper().readTree(stack.run("aws", "ses", "describe-configuration-set",
                "--configuration-set-name", "e2e-news", "--configuration-set-attribute-names", "eventDestinations"));
        assertEquals(2, described.get("EventDestinations").size(), "both destinations are kept");

        try (SesClient ses = stack.ses()) {
            assertEquals(EventType.SEND, ses.describeConfigurationSet(r -> r.configurationSetName("e2e-news")
                    .configurationSetAttributeNames(ConfigurationSetAttribute.EVENT_DESTINATIONS))
                    .eventDestinations().get(0).matchingEventTypes().get(0));
            stack.run("aws", "ses", "verify-domain-identity", "--domain", "sets.e2e.example");
            stack.sesame("identity", "verify", "sets.e2e.example");
            String[] id = new String[1];
            eventually("a send through the set", () -> {
                try {
                    id[0] = ses.sendEmail(r -> r.source("news@sets.e2e.example").destination(d -> d.toAddresses("success@simulator.amazonses.com"))
                            .message(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t"))))
                            .configurationSetName("e2e-news").tags(t -> t.name("campaign").value("winter"))).messageId();
                    return true;
                } catch (software.amazon.awssdk.services.ses.model.SesException e) {
                    return false;
                }
            });
            HttpClient http = HttpClient.newHttpClient();
            // The tenant's metrics through the gateway's admin API (the events service answers only the gateway).
            URI query = stack.endpoint().resolve("/admin/tenants/" + account + "/metrics?metric=Delivery");
            eventually("the Delivery counter", () -> {
                try {
                    String body = http.send(HttpRequest.newBuilder(query).header("Authorization", "Bearer " + stack.adminToken()).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return body.contains("\"campaign\":\"winter\"") && body.contains("\"sum\":1");
                } catch (Exception e) {
                    return false;
                }
            });
            eventually("the Firehose objects", () -> stack.firehoseRecords("e2e-stream").stream().anyMatch(l -> l.contains("\"eventType\":\"Delivery\"")
                    && l.contains(id[0])));
            assertTrue(stack.firehoseRecords("e2e-stream").stream().anyMatch(l -> l.contains("\"eventType\":\"Send\"") && l.contains(id[0])));
            // Stop the events service, send while it is down, start it again: the Firehose stream loses nothing.
            long pid = Long.parseLong(Files.readString(stack.home.resolve("run/events.pid")).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            eventually("the events service stopped", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            String whileDown = ses.sendEmail(r -> r.source("news@sets.e2e.example").destination(d -> d.toAddresses("success@simulator.amazonses.com"))
                    .message(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t")))).configurationSetName("e2e-news")).messageId();
            stack.sesame("up");
            eventually("the records sent while it was down", () -> stack.firehoseRecords("e2e-stream").stream().anyMatch(l -> l.contains("\"eventType\":\"Delivery\"")
                    && l.contains(whileDown)));
            stack.run("aws", "ses", "delete-configuration-set", "--configuration-set-name", "e2e-news");
            org.junit.jupiter.api.Assertions.assertThrows(ConfigurationSetDoesNotExistException.class,
                    () -> ses.describeConfigurationSet(r -> r.configurationSetName("e2e-news")));
        }
    }
}

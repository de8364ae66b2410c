package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.eventually;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.sending.ledger.SuppressionList;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The account-level suppression list as SES v2 keeps it (ses-formats.md section 1: bounce subtype
 * {@code OnAccountSuppressionList}, "not attempted: the address is on the account-level suppression list"): a hard
 * bounce lists the address, a later send to it is not attempted over SMTP, the API puts and takes addresses off, and a
 * rebuild from the topics gives the same list.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class SuppressionTest {

    @Inject
    SenderIdentities identities;

    @Inject
    SuppressionList list;

    private final ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();

    private static String send(String account, String from, String to) {
        return call(account, "SendEmail", email(from, List.of(to), "s", "t")).statusCode(200).extract().path("MessageId");
    }

    @Test
    void aHardBounceListsTheAddressAndTheNextSendIsNotAttempted() {
        String a = "700000000001";
        verified(identities, a, "suppress.example.com");
        String first = send(a, "me@suppress.example.com", "reject-gone@rcpt.example.com");
        events(first, e -> count(e, "Bounce") == 1);
        eventually("the address listed", () -> list.suppressed(a, "Reject-Gone@rcpt.example.com"));
        JsonNode listed = call(a, "GetSuppressedDestination", Map.of("EmailAddress", "reject-gone@rcpt.example.com")).statusCode(200)
                .extract().as(JsonNode.class).path("SuppressedDestination");
        assertEquals("BOUNCE", listed.path("Reason").asText());
        assertEquals(first, listed.path("Attributes").path("MessageId").asText(), "the message whose bounce listed it");
        int attempts = sink.attempts("reject-gone@rcpt.example.com");

        String second = send(a, "me@suppress.example.com", "reject-gone@rcpt.example.com");
        JsonNode bounce = events(second, e -> count(e, "Bounce") == 1).stream()
                .filter(e -> e.path("eventType").asText().equals("Bounce")).findFirst().orElseThrow().path("bounce");
        assertEquals("Permanent", bounce.path("bounceType").asText());
        assertEquals("OnAccountSuppressionList", bounce.path("bounceSubType").asText());
        assertTrue(bounce.at("/bouncedRecipients/0/diagnosticCode").asText().contains("on the suppression list for your account"));
        assertEquals(attempts, sink.attempts("reject-gone@rcpt.example.com"), "no SMTP attempt for a listed address");

        // Another account's list is its own.
        verified(identities, "700000000002", "other.example.com");
        call("700000000002", "GetSuppressedDestination", Map.of("EmailAddress", "reject-gone@rcpt.example.com")).statusCode(404)
                .body("code", equalTo("NotFoundException"));
    }

    @Test
    void putGetListAndDeleteAndTheDeletedAddressIsDeliveredAgain() {
        String a = "700000000003";
        verified(identities, a, "listed.example.com");
        call(a, "PutSuppressedDestination", Map.of("EmailAddress", "Paused@rcpt.example.com", "Reason", "COMPLAINT")).statusCode(200);
        call(a, "PutSuppressedDestination", Map.of("EmailAddress", "also@rcpt.example.com", "Reason", "BOUNCE")).statusCode(200);
        JsonNode page = call(a, "ListSuppressedDestinations", Map.of("PageSize", 1)).statusCode(200).extract().as(JsonNode.class);
        assertEquals("also@rcpt.example.com", page.at("/SuppressedDestinationSummaries/0/EmailAddress").asText(), "address order");
        JsonNode next = call(a, "ListSuppressedDestinations", Map.of("PageSize", 1, "NextToken", page.get("NextToken").asText()))
                .statusCode(200).extract().as(JsonNode.class);
        assertEquals("paused@rcpt.example.com", next.at("/SuppressedDestinationSummaries/0/EmailAddress").asText());
        assertTrue(next.path("NextToken").isMissingNode(), "the last page");
        JsonNode complaints = call(a, "ListSuppressedDestinations", Map.of("Reasons", List.of("COMPLAINT"))).statusCode(200)
                .extract().as(JsonNode.class);
        assertEquals(1, complaints.path("SuppressedDestinationSummaries").size());

        String held = send(a, "me@listed.example.com", "paused@rcpt.example.com");
        events(held, e -> count(e, "Bounce") == 1);
        assertEquals(0, sink.attempts("paused@rcpt.example.com"));

        call(a, "DeleteSuppressedDestination", Map.of("EmailAddress", "paused@rcpt.example.com")).statusCode(200);
        call(a, "DeleteSuppressedDestination", Map.of("EmailAddress", "paused@rcpt.example.com")).statusCode(404)
                .body("code", equalTo("NotFoundException"));
        String delivered = send(a, "me@listed.example.com", "paused@rcpt.example.com");
        events(delivered, e -> count(e, "Delivery") == 1);
        assertEquals(1, sink.attempts("paused@rcpt.example.com"));
        call(a, "PutSuppressedDestination", Map.of("EmailAddress", "not an address", "Reason", "BOUNCE")).statusCode(400);
    }

    /** The end offsets of every partition of the topics now. */
    private static Map<org.apache.kafka.common.TopicPartition, Long> ends(List<String> topics) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    @Test
    void aRebuildFromTheTopicsGivesTheSameList() throws Exception {
        String a = "700000000004";
        verified(identities, a, "rebuild.example.com");
        String bounced = send(a, "me@rebuild.example.com", "reject-back@rcpt.example.com");
        events(bounced, e -> count(e, "Bounce") == 1);
        eventually("listed by its bounce", () -> list.suppressed(a, "reject-back@rcpt.example.com"));
        // Taken off after the bounce that listed it: the later fact holds, whichever topic a rebuild reads first.
        call(a, "DeleteSuppressedDestination", Map.of("EmailAddress", "reject-back@rcpt.example.com")).statusCode(200);
        call(a, "PutSuppressedDestination", Map.of("EmailAddress", "kept@rcpt.example.com", "Reason", "BOUNCE")).statusCode(200);
        List<String> before = list.list(a, null).stream().map(SuppressionList.Entry::emailAddress).toList();
        assertEquals(List.of("kept@rcpt.example.com"), before);

        SuppressionList rebuilt = new SuppressionList();
        try (ProjectionRunner runner = new ProjectionRunner("suppression-rebuild-test", rebuilt, KafkaBroker.shared().bootstrapServers())) {
            runner.start();
            runner.awaitCaughtUp(ends(List.of(dev.sesame.eventlog.catalogue.Topics.SENDING, Topics.SUPPRESSION)))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(before, rebuilt.list(a, null).stream().map(SuppressionList.Entry::emailAddress).toList());
        }
    }
}

package dev.sesame.sending;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.count;
import static dev.sesame.sending.SendingFixtures.email;
import static dev.sesame.sending.SendingFixtures.events;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.sending.ledger.AccountSending;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.sending.ledger.SuppressionList;
import dev.sesame.sending.templates.Templates;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every record on the sending topics (the suppression list's too) validates against its JSON Schema in docs/events/sending/. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class EventSchemaTest {

    static final Path DOCS = Path.of("../docs/events").toAbsolutePath().normalize();

    @Inject
    SenderIdentities identities;

    static JsonSchema schema(String file) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix("https://sesame.dev/schemas/events/", DOCS.toUri().toString())));
        return factory.getSchema(SchemaLocation.of("https://sesame.dev/schemas/events/sending/" + file));
    }

    @Test
    void everyProducedRecordMatchesItsSchema() {
        String a = "600000000001";
        verified(identities, a, "schema.example.com");
        String id = call(a, "SendEmail", email("Schema <me@schema.example.com>", List.of("ok@rcpt.example.com",
                "reject-x@rcpt.example.com", "complaint@simulator.amazonses.com", "suppressionlist@simulator.amazonses.com"),
                "subject", "text")).statusCode(200).extract().path("MessageId");
        events(id, e -> count(e, "Delivery") == 2 && count(e, "Bounce") == 2 && count(e, "Complaint") == 1);

        JsonSchema record = schema("ses-event-record.schema.json");
        Set<String> types = new TreeSet<>();
        for (EventEnvelope event : all(Topics.SENDING)) {
            Set<ValidationMessage> errors = record.validate(event.payload());
            assertTrue(errors.isEmpty(), event.type() + " does not match its schema: " + errors + "\n" + event.payload());
            assertEquals(event.type(), event.payload().path("eventType").asText(), "the envelope type is the eventType");
            types.add(event.type());
        }
        assertTrue(types.containsAll(List.of("Send", "Delivery", "Bounce", "Complaint")), types.toString());

        JsonSchema accepted = schema("MessageAccepted.schema.json");
        List<EventEnvelope> messages = all(Topics.MESSAGES);
        assertTrue(!messages.isEmpty());
        for (EventEnvelope message : messages) {
            JsonNode payload = message.payload();
            Set<ValidationMessage> errors = accepted.validate(payload);
            assertTrue(errors.isEmpty(), "MessageAccepted does not match its schema: " + errors);
        }

        call(a, "PutSuppressedDestination", Map.of("EmailAddress", "Listed@rcpt.example.com", "Reason", "COMPLAINT")).statusCode(200);
        call(a, "DeleteSuppressedDestination", Map.of("EmailAddress", "listed@rcpt.example.com")).statusCode(200);
        Set<String> suppressionTypes = new TreeSet<>();
        for (EventEnvelope event : all(Topics.SUPPRESSION)) {
            Set<ValidationMessage> errors = schema(event.type() + ".schema.json").validate(event.payload());
            assertTrue(errors.isEmpty(), event.type() + " does not match its schema: " + errors + "\n" + event.payload());
            suppressionTypes.add(event.type());
        }
        assertEquals(Set.of(EventType.SUPPRESSED_DESTINATION_PUT.wireName(), EventType.SUPPRESSED_DESTINATION_DELETED.wireName()), suppressionTypes);

        call(a, "CreateTemplate", Map.of("Template", Map.of("TemplateName", "schema", "SubjectPart", "s {{x}}", "TextPart", "t"))).statusCode(200);
        call(a, "UpdateTemplate", Map.of("Template", Map.of("TemplateName", "schema", "HtmlPart", "<p>{{x}}</p>"))).statusCode(200);
        call(a, "DeleteTemplate", Map.of("TemplateName", "schema")).statusCode(200);
        Set<String> templateTypes = new TreeSet<>();
        for (EventEnvelope event : all(Topics.TEMPLATES)) {
            Set<ValidationMessage> errors = schema(event.type() + ".schema.json").validate(event.payload());
            assertTrue(errors.isEmpty(), event.type() + " does not match its schema: " + errors + "\n" + event.payload());
            templateTypes.add(event.type());
        }
        assertTrue(templateTypes.containsAll(Set.of(EventType.TEMPLATE_CREATED.wireName(), EventType.TEMPLATE_UPDATED.wireName(), EventType.TEMPLATE_DELETED.wireName())), templateTypes.toString());

        call(a, "UpdateAccountSendingEnabled", Map.of("Enabled", true)).statusCode(200);
        List<EventEnvelope> account = all(Topics.ACCOUNT);
        assertTrue(!account.isEmpty());
        for (EventEnvelope event : account) {
            Set<ValidationMessage> errors = schema(event.type() + ".schema.json").validate(event.payload());
            assertTrue(errors.isEmpty(), event.type() + " does not match its schema: " + errors + "\n" + event.payload());
        }
    }

    private static List<EventEnvelope> all(String topic) {
        return KafkaBroker.shared().readAll(topic, new EventCodec()).stream().map(r -> r.value()).toList();
    }
}

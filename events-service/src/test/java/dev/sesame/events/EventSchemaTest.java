package dev.sesame.events;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.events.ConfigurationSetActionsTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.testing.KafkaBroker;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every record the configuration-set actions write validates against its JSON Schema in docs/events/configuration-sets/. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class EventSchemaTest {

    private static final Path DOCS = Path.of("../docs/events").toAbsolutePath().normalize();

    @Test
    void everyWrittenEventMatchesItsSchema() {
        String a = "910000000100";
        call(a, "CreateConfigurationSet", Map.of("ConfigurationSet", Map.of("Name", "schema"))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "schema", "EventDestination",
                ConfigurationSetActionsTest.cloudWatch("cw", true))).statusCode(200);
        call(a, "CreateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "schema", "EventDestination", Map.of("Name", "sns",
                "MatchingEventTypes", List.of("send"), "SNSDestination", Map.of("TopicARN", "arn:aws:sns:us-east-1:" + a + ":t")))).statusCode(200);
        call(a, "UpdateConfigurationSetEventDestination", Map.of("ConfigurationSetName", "schema", "EventDestination",
                ConfigurationSetActionsTest.firehose("cw"))).statusCode(200);
        call(a, "DeleteConfigurationSetEventDestination", Map.of("ConfigurationSetName", "schema", "EventDestinationName", "cw")).statusCode(200);
        call(a, "UpdateConfigurationSetSendingEnabled", Map.of("ConfigurationSetName", "schema", "Enabled", false)).statusCode(200);
        call(a, "UpdateConfigurationSetReputationMetricsEnabled", Map.of("ConfigurationSetName", "schema", "Enabled", true)).statusCode(200);
        call(a, "PutConfigurationSetDeliveryOptions", Map.of("ConfigurationSetName", "schema", "DeliveryOptions", Map.of("TlsPolicy", "Require")))
                .statusCode(200);
        call(a, "CreateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "schema", "TrackingOptions", Map.of())).statusCode(200);
        call(a, "UpdateConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "schema", "TrackingOptions",
                Map.of("CustomRedirectDomain", "t.example.com"))).statusCode(200);
        call(a, "DeleteConfigurationSetTrackingOptions", Map.of("ConfigurationSetName", "schema")).statusCode(200);
        call(a, "DeleteConfigurationSet", Map.of("ConfigurationSetName", "schema")).statusCode(200);

        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix("https://sesame.dev/schemas/events/", DOCS.toUri().toString())));
        Set<String> types = new TreeSet<>();
        for (EventEnvelope event : KafkaBroker.shared().readAll(Topics.CONFIGURATION_SETS, new EventCodec()).stream().map(r -> r.value()).toList()) {
            if (!event.tenantId().equals(a)) {
                continue;
            }
            Set<ValidationMessage> errors = factory.getSchema(SchemaLocation.of("https://sesame.dev/schemas/events/configuration-sets/"
                    + event.type() + ".schema.json")).validate(event.payload());
            assertTrue(errors.isEmpty(), event.type() + " does not match its schema: " + errors + "\n" + event.payload());
            types.add(event.type());
        }
        assertEquals(Set.of(EventType.CONFIGURATION_SET_CREATED.wireName(), EventType.CONFIGURATION_SET_DELETED.wireName(), EventType.EVENT_DESTINATION_CREATED.wireName(),
                EventType.EVENT_DESTINATION_UPDATED.wireName(), EventType.EVENT_DESTINATION_DELETED.wireName(), EventType.CONFIGURATION_SET_SENDING_ENABLED_SET.wireName(),
                EventType.CONFIGURATION_SET_REPUTATION_METRICS_ENABLED_SET.wireName(), EventType.CONFIGURATION_SET_DELIVERY_OPTIONS_PUT.wireName(),
                EventType.CONFIGURATION_SET_TRACKING_OPTIONS_SET.wireName(), EventType.CONFIGURATION_SET_TRACKING_OPTIONS_DELETED.wireName()), types);
    }
}

package dev.sesame.sending;

import static dev.sesame.sending.SendingFixtures.call;
import static dev.sesame.sending.SendingFixtures.eventually;
import static dev.sesame.sending.SendingFixtures.verified;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Email templates as SES keeps and renders them (SES developer guide, "Using templates to send personalized email":
 * Handlebars {{var}}, {{#if}}, {{#each}}; "If the template data is missing a value, the rendering leaves it empty"),
 * and SendTemplatedEmail through the sending path.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class TemplateTest {

    @Inject
    SenderIdentities identities;

    private final ProgrammableSmtpSink sink = ProgrammableSmtpSink.shared();

    private static Map<String, Object> template(String name, String subject, String text, String html) {
        return Map.of("Template", Map.of("TemplateName", name, "SubjectPart", subject, "TextPart", text, "HtmlPart", html));
    }

    @Test
    void createGetUpdateListAndDeleteWithSesErrors() {
        String a = "800000000001";
        call(a, "CreateTemplate", template("welcome", "Hi {{name}}", "Dear {{name}}", "<p>{{name}}</p>")).statusCode(200);
        call(a, "CreateTemplate", template("welcome", "s", "t", "h")).statusCode(400).body("code", equalTo("AlreadyExists"))
                .body("message", equalTo("Template welcome already exists."));
        call(a, "GetTemplate", Map.of("TemplateName", "welcome")).statusCode(200).body("Template.SubjectPart", equalTo("Hi {{name}}"));
        call(a, "UpdateTemplate", template("welcome", "Hello {{name}}", "t", "h")).statusCode(200);
        call(a, "GetTemplate", Map.of("TemplateName", "welcome")).statusCode(200).body("Template.SubjectPart", equalTo("Hello {{name}}"));
        call(a, "UpdateTemplate", template("absent", "s", "t", "h")).statusCode(400).body("code", equalTo("TemplateDoesNotExist"));
        call(a, "GetTemplate", Map.of("TemplateName", "absent")).statusCode(400).body("code", equalTo("TemplateDoesNotExist"))
                .body("message", equalTo("Template absent does not exist."));
        call(a, "CreateTemplate", template("broken", "{{#if x}}never closed", "t", "h")).statusCode(400).body("code", equalTo("InvalidTemplate"));
        call(a, "CreateTemplate", template("bad name!", "s", "t", "h")).statusCode(400).body("code", equalTo("InvalidParameterValue"));
        call(a, "CreateTemplate", template("second", "s", "t", "h")).statusCode(200);
        JsonNode page = call(a, "ListTemplates", Map.of("MaxItems", 1)).statusCode(200).extract().as(JsonNode.class);
        assertEquals("second", page.at("/TemplatesMetadata/0/Name").asText(), "name order");
        JsonNode rest = call(a, "ListTemplates", Map.of("MaxItems", 1, "NextToken", page.get("NextToken").asText())).statusCode(200)
                .extract().as(JsonNode.class);
        assertEquals("welcome", rest.at("/TemplatesMetadata/0/Name").asText());
        assertTrue(rest.at("/TemplatesMetadata/0/CreatedTimestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        call(a, "DeleteTemplate", Map.of("TemplateName", "second")).statusCode(200);
        call(a, "DeleteTemplate", Map.of("TemplateName", "second")).statusCode(200); // v1 models no error for it
        call(a, "GetTemplate", Map.of("TemplateName", "second")).statusCode(400);
        call("800000000002", "GetTemplate", Map.of("TemplateName", "welcome")).statusCode(400).body("code", equalTo("TemplateDoesNotExist"));
    }

    @Test
    void renderingFollowsHandlebarsAsSesDoes() {
        String a = "800000000003";
        call(a, "CreateTemplate", template("order", "Order {{order.id}} for {{name}}",
                "{{#if vip}}VIP {{/if}}Items:{{#each items}} {{this}}{{/each}}. Missing: [{{nothing}}]", "<p>{{name}} {{{raw}}}</p>")).statusCode(200);
        String data = "{\"name\":\"Ann & Bo\",\"order\":{\"id\":42},\"vip\":true,\"items\":[\"tea\",\"cake\"],\"raw\":\"<b>x</b>\"}";
        String rendered = call(a, "TestRenderTemplate", Map.of("TemplateName", "order", "TemplateData", data)).statusCode(200)
                .extract().path("RenderedTemplate");
        assertTrue(rendered.contains("Subject: Order 42 for Ann &amp; Bo"), rendered);
        assertTrue(rendered.contains("VIP Items: tea cake. Missing: []"), rendered);
        assertTrue(rendered.contains("<p>Ann &amp; Bo <b>x</b></p>"), "triple braces are not escaped: " + rendered);
        call(a, "TestRenderTemplate", Map.of("TemplateName", "order", "TemplateData", "[1,2]")).statusCode(400)
                .body("code", equalTo("InvalidRenderingParameter"));
        call(a, "TestRenderTemplate", Map.of("TemplateName", "absent", "TemplateData", "{}")).statusCode(400)
                .body("code", equalTo("TemplateDoesNotExist"));
    }

    @Test
    void sendTemplatedEmailDeliversTheRenderedMessage() throws Exception {
        String a = "800000000004";
        verified(identities, a, "templated.example.com");
        call(a, "CreateTemplate", template("note", "Note for {{name}}", "Hello {{name}}, your code is {{code}}.",
                "<h1>Hello {{name}}</h1>")).statusCode(200);
        String id = call(a, "SendTemplatedEmail", Map.of("Source", "me@templated.example.com",
                "Destination", Map.of("ToAddresses", List.of("tpl@rcpt.example.com")), "Template", "note",
                "TemplateData", "{\"name\":\"Ann\",\"code\":\"1234\"}")).statusCode(200).extract().path("MessageId");
        eventually("the templated message", () -> sink.to("tpl@rcpt.example.com").stream()
                .anyMatch(m -> new String(m.data(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(id)));
        byte[] data = sink.to("tpl@rcpt.example.com").stream().filter(m -> new String(m.data(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(id)).findFirst().orElseThrow().data();
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
        assertEquals("Note for Ann", message.getSubject());
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertEquals("Hello Ann, your code is 1234.", ((String) alternative.getBodyPart(0).getContent()).trim());
        assertEquals("<h1>Hello Ann</h1>", ((String) alternative.getBodyPart(1).getContent()).trim());
        call(a, "SendTemplatedEmail", Map.of("Source", "me@templated.example.com", "Destination", Map.of("ToAddresses", List.of("x@rcpt.example.com")),
                "Template", "absent", "TemplateData", "{}")).statusCode(400).body("code", equalTo("TemplateDoesNotExist"));
        call(a, "SendTemplatedEmail", Map.of("Source", "me@unverified.example.com", "Destination", Map.of("ToAddresses", List.of("x@rcpt.example.com")),
                "Template", "note", "TemplateData", "{}")).statusCode(400).body("code", equalTo("MessageRejected"));
    }

    /**
     * SendBulkTemplatedEmail: "DefaultTemplateData: a list of replacement values to apply to the template when replacement
     * data is not specified in a Destination object"; one status per destination, in order.
     */
    @Test
    void aBulkSendRendersEachDestinationWithItsDataAndReportsEachStatus() throws Exception {
        String a = "800000000005";
        verified(identities, a, "bulk.example.com");
        call(a, "CreateTemplate", template("bulk", "Hi {{name}}", "{{greeting}}, {{name}}!", "<p>{{greeting}}</p>")).statusCode(200);
        JsonNode out = call(a, "SendBulkTemplatedEmail", Map.of("Source", "me@bulk.example.com", "Template", "bulk",
                "DefaultTemplateData", "{\"name\":\"friend\",\"greeting\":\"Hello\"}",
                "DefaultTags", List.of(Map.of("Name", "campaign", "Value", "spring")),
                "Destinations", List.of(
                        Map.of("Destination", Map.of("ToAddresses", List.of("bulk-ann@rcpt.example.com")), "ReplacementTemplateData", "{\"name\":\"Ann\"}",
                                "ReplacementTags", List.of(Map.of("Name", "campaign", "Value", "vip"))),
                        Map.of("Destination", Map.of("ToAddresses", List.of("bulk-bo@rcpt.example.com"))),
                        Map.of("Destination", Map.of("ToAddresses", List.of("bad address")))))).statusCode(200).extract().as(JsonNode.class);
        assertEquals(3, out.path("Status").size());
        assertEquals("Success", out.at("/Status/0/Status").asText());
        assertEquals("Success", out.at("/Status/1/Status").asText());
        assertTrue(!out.at("/Status/2/Status").asText().equals("Success"), out.toString());
        String ann = out.at("/Status/0/MessageId").asText();
        // Addresses of this test only: the sink is shared by every test of the JVM.
        eventually("both messages", () -> !sink.to("bulk-ann@rcpt.example.com").isEmpty() && !sink.to("bulk-bo@rcpt.example.com").isEmpty());
        MimeMessage toAnn = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(sink.to("bulk-ann@rcpt.example.com").get(0).data()));
        assertEquals("Hi Ann", toAnn.getSubject());
        MimeMessage toBo = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(sink.to("bulk-bo@rcpt.example.com").get(0).data()));
        assertEquals("Hi friend", toBo.getSubject(), "the default data where the destination has none");
        assertEquals("Hello, friend!", ((String) ((MimeMultipart) toBo.getContent()).getBodyPart(0).getContent()).trim());
        JsonNode send = SendingFixtures.events(ann, e -> SendingFixtures.count(e, "Send") == 1).get(0);
        assertEquals("vip", send.at("/mail/tags/campaign/0").asText(), "the replacement tag over the default");
        call(a, "SendBulkTemplatedEmail", Map.of("Source", "me@bulk.example.com", "Template", "absent", "DefaultTemplateData", "{}",
                "Destinations", List.of(Map.of("Destination", Map.of("ToAddresses", List.of("x@rcpt.example.com")))))).statusCode(400)
                .body("code", equalTo("TemplateDoesNotExist"));
    }

    /**
     * SES developer guide: "if Amazon SES can't render the email because the template contains errors, it doesn't send the
     * email. Additionally, because it already accepted the message, Amazon SES doesn't return a message stating that it
     * was unable to send the email" — a MessageId, then a Rendering Failure event (formats §1: failure.templateName,
     * failure.errorMessage) and no Send.
     */
    @Test
    void aTemplateThatFailsToRenderIsAcceptedAndRecordedAsARenderingFailure() throws Exception {
        String a = "800000000006";
        verified(identities, a, "failing.example.com");
        // It parses (CreateTemplate accepts it), but the partial it names does not exist when it is applied.
        call(a, "CreateTemplate", template("broken-helper", "Hi", "{{> header}} {{name}}", "<p>x</p>")).statusCode(200);
        String id = call(a, "SendTemplatedEmail", Map.of("Source", "me@failing.example.com",
                "Destination", Map.of("ToAddresses", List.of("never@rcpt.example.com")), "Template", "broken-helper",
                "TemplateData", "{\"name\":\"Ann\"}")).statusCode(200).extract().path("MessageId");
        List<JsonNode> events = SendingFixtures.events(id, e -> SendingFixtures.count(e, "Rendering Failure") == 1);
        assertEquals(0, SendingFixtures.count(events, "Send"), "nothing is sent");
        JsonNode failure = events.get(0);
        assertEquals("broken-helper", failure.at("/failure/templateName").asText());
        assertTrue(failure.at("/failure/errorMessage").asText().contains("header"), failure.toString());
        assertTrue(EventSchemaTest.schema("ses-event-record.schema.json").validate(failure).isEmpty(), failure.toString());
        Thread.sleep(500);
        assertTrue(sink.to("never@rcpt.example.com").isEmpty());
    }
}

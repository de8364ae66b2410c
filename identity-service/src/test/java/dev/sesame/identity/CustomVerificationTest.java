package dev.sesame.identity;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import static dev.sesame.identity.IdentityAttributesTest.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.testing.InternalCalls;
import dev.sesame.testing.SesameInfraResource;
import dev.sesame.testing.SmtpSink;
import dev.sesame.testing.SmtpSinkResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.identity.service.VerificationTemplates;
import dev.sesame.testing.KafkaBroker;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Custom verification emails (reference: CreateCustomVerificationEmailTemplate, SendCustomVerificationEmail): the
 * template's From, subject and content reach the address with the confirmation link; following it verifies the
 * address and leads to the template's SuccessRedirectionURL.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(SmtpSinkResource.class)
class CustomVerificationTest {

    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:18100/confirmations/([A-Za-z0-9_-]{43})");

    private static Map<String, Object> template(String name, String from) {
        return Map.of("TemplateName", name, "FromEmailAddress", from, "TemplateSubject", "Please confirm",
                "TemplateContent", "<html><body><h1>Welcome to Acme</h1></body></html>",
                "SuccessRedirectionURL", "https://acme.example.com/verified", "FailureRedirectionURL", "https://acme.example.com/failed");
    }

    private static void verifiedDomain(String account, String domain) {
        call(account, "VerifyDomainIdentity", Map.of("Domain", domain)).statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", InternalCalls.operator("identity"))
                .body(Map.of("accountId", account, "identity", domain)).post("/internal/admin/verified-identities").then().statusCode(200);
    }

    @Test
    void templatesAreKeptWithSesErrors() throws Exception {
        String a = "310000000001";
        call(a, "CreateCustomVerificationEmailTemplate", template("welcome", "hello@unverified.example.com")).statusCode(400)
                .body("code", equalTo("FromEmailAddressNotVerified"));
        verifiedDomain(a, "acme.example.com");
        call(a, "CreateCustomVerificationEmailTemplate", template("welcome", "hello@acme.example.com")).statusCode(200);
        call(a, "CreateCustomVerificationEmailTemplate", template("welcome", "hello@acme.example.com")).statusCode(400)
                .body("code", equalTo("CustomVerificationEmailTemplateAlreadyExists"));
        Map<String, Object> script = new HashMap<>(template("bad", "hello@acme.example.com"));
        script.put("TemplateContent", "<script>alert(1)</script>");
        call(a, "CreateCustomVerificationEmailTemplate", script).statusCode(400).body("code", equalTo("CustomVerificationEmailInvalidContent"));
        call(a, "UpdateCustomVerificationEmailTemplate", Map.of("TemplateName", "welcome", "TemplateSubject", "Confirm, please")).statusCode(200);
        call(a, "GetCustomVerificationEmailTemplate", Map.of("TemplateName", "welcome")).statusCode(200)
                .body("TemplateSubject", equalTo("Confirm, please")).body("FromEmailAddress", equalTo("hello@acme.example.com"))
                .body("SuccessRedirectionURL", equalTo("https://acme.example.com/verified"));
        call(a, "UpdateCustomVerificationEmailTemplate", Map.of("TemplateName", "absent")).statusCode(400)
                .body("code", equalTo("CustomVerificationEmailTemplateDoesNotExist"));
        call(a, "CreateCustomVerificationEmailTemplate", template("second", "hello@acme.example.com")).statusCode(200);
        String next = call(a, "ListCustomVerificationEmailTemplates", Map.of("MaxResults", 1)).statusCode(200)
                .body("CustomVerificationEmailTemplates", hasSize(1)).body("CustomVerificationEmailTemplates[0].TemplateName", equalTo("second"))
                .extract().path("NextToken");
        call(a, "ListCustomVerificationEmailTemplates", Map.of("MaxResults", 1, "NextToken", next)).statusCode(200)
                .body("CustomVerificationEmailTemplates[0].TemplateName", equalTo("welcome"));
        call(a, "DeleteCustomVerificationEmailTemplate", Map.of("TemplateName", "second")).statusCode(200);
        call(a, "GetCustomVerificationEmailTemplate", Map.of("TemplateName", "second")).statusCode(400)
                .body("code", equalTo("CustomVerificationEmailTemplateDoesNotExist"));
        call("310000000002", "GetCustomVerificationEmailTemplate", Map.of("TemplateName", "welcome")).statusCode(400);

        // Every event on the templates' topic is documented (docs/events/verification-templates/).
        Set<String> types = new TreeSet<>();
        for (var record : KafkaBroker.shared().readAll(Topics.VERIFICATION_TEMPLATES, new EventCodec())) {
            JsonNode schema = new ObjectMapper().readTree(Path.of("../docs/events/verification-templates",
                    record.value().type() + ".schema.json").toFile());
            Set<String> documented = new HashSet<>();
            schema.get("properties").fieldNames().forEachRemaining(documented::add);
            record.value().payload().fieldNames().forEachRemaining(f -> assertTrue(documented.contains(f), record.value().type() + "." + f));
            schema.get("required").forEach(r -> assertTrue(record.value().payload().has(r.asText()), record.value().type() + " " + r));
            types.add(record.value().type());
        }
        assertEquals(Set.of(EventType.CUSTOM_VERIFICATION_EMAIL_TEMPLATE_CREATED.wireName(), EventType.CUSTOM_VERIFICATION_EMAIL_TEMPLATE_UPDATED.wireName(), EventType.CUSTOM_VERIFICATION_EMAIL_TEMPLATE_DELETED.wireName()), types);
    }

    @Test
    void theCustomMailVerifiesAndRedirects() throws Exception {
        String a = "310000000003";
        verifiedDomain(a, "brand.example.com");
        call(a, "CreateCustomVerificationEmailTemplate", template("brand", "welcome@brand.example.com")).statusCode(200);
        call(a, "SendCustomVerificationEmail", Map.of("EmailAddress", "new@customer.example.com", "TemplateName", "absent")).statusCode(400)
                .body("code", equalTo("CustomVerificationEmailTemplateDoesNotExist"));
        given().contentType(ContentType.JSON).header("Authorization", InternalCalls.tenant("identity", a, "us-east-1", true, 200, 1))
                .body(Map.of("EmailAddress", "new@customer.example.com", "TemplateName", "brand"))
                .post("/internal/ses/SendCustomVerificationEmail").then().statusCode(400).body("code", equalTo("ProductionAccessNotGranted"));
        String messageId = call(a, "SendCustomVerificationEmail", Map.of("EmailAddress", "new@customer.example.com", "TemplateName", "brand"))
                .statusCode(200).extract().path("MessageId");
        assertTrue(messageId.matches("[0-9a-f]{16}-[0-9a-f-]{36}-000000"), messageId);
        MimeMessage mail = null;
        for (int i = 0; i < 100 && mail == null; i++) {
            for (MimeMessage m : SmtpSink.shared().messages()) {
                if (((InternetAddress) m.getAllRecipients()[0]).getAddress().equals("new@customer.example.com")) {
                    mail = m;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(mail != null, "the custom verification mail arrived");
        assertEquals("Please confirm", mail.getSubject());
        assertEquals("welcome@brand.example.com", ((InternetAddress) mail.getFrom()[0]).getAddress());
        String html = (String) mail.getContent();
        assertTrue(html.contains("<h1>Welcome to Acme</h1>"), html);
        Matcher link = LINK.matcher(html);
        assertTrue(link.find(), "the link is in the body: " + html);
        assertTrue(html.indexOf(link.group()) < html.indexOf("</body>"), "inside the body");
        call(a, "GetIdentityVerificationAttributes", Map.of("Identities", List.of("new@customer.example.com")))
                .body("VerificationAttributes.'new@customer.example.com'.VerificationStatus", equalTo("Pending"));
        given().contentType("application/json").header("Authorization", InternalCalls.relay("identity")).body(Map.of("token", link.group(1)))
                .post("/internal/confirmations").then().statusCode(200).body("redirect", equalTo("https://acme.example.com/verified"));
        call(a, "GetIdentityVerificationAttributes", Map.of("Identities", List.of("new@customer.example.com")))
                .body("VerificationAttributes.'new@customer.example.com'.VerificationStatus", equalTo("Success"));
    }
}

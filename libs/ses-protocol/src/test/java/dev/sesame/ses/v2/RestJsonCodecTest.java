package dev.sesame.ses.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.ses.protocol.SesException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SES v2 REST-JSON codec against the model the SDKs are generated from: routes by method and URI template,
 * labels and query parameters bound to their members, the body checked as AWS checks it ("Member must not be
 * null", "Member must satisfy enum value set").
 */
class RestJsonCodecTest {

    private final RestJsonModel model = RestJsonModel.sesV2();
    private final RestJsonCodec codec = new RestJsonCodec(model);

    private ObjectNode parse(String method, String path, Map<String, List<String>> query, String body) {
        RestJsonModel.Match match = model.match(method, path).orElseThrow();
        return codec.parse(match, query, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void routesFollowTheModelsMethodsAndTemplatesWithLabelsDecoded() {
        assertEquals("ListEmailIdentities", model.match("GET", "/v2/email/identities").orElseThrow().operation());
        assertEquals("CreateEmailIdentity", model.match("POST", "/v2/email/identities").orElseThrow().operation());
        RestJsonModel.Match get = model.match("GET", "/v2/email/identities/me%40example.com").orElseThrow();
        assertEquals("GetEmailIdentity", get.operation());
        assertEquals(Map.of("EmailIdentity", "me@example.com"), get.labels());
        assertEquals("DeleteConfigurationSetEventDestination",
                model.match("DELETE", "/v2/email/configuration-sets/news/event-destinations/archive").orElseThrow().operation());
        assertTrue(model.match("PATCH", "/v2/email/identities").isEmpty());
        assertTrue(model.pathExists("/v2/email/identities"), "a path of the model under another method");
        assertFalse(model.pathExists("/v2/email/nothing-here"));
    }

    @Test
    void theNewerSdksPostRoutesForTheListsCarryTheMembersInTheBody() {
        RestJsonModel.Match match = model.match("POST", "/v2/email/list-identities").orElseThrow();
        assertEquals("ListEmailIdentities", match.operation());
        ObjectNode input = codec.parse(match, Map.of(), "{\"PageSize\":5,\"NextToken\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(5, input.get("PageSize").asInt());
        assertEquals("abc", input.get("NextToken").asText());
    }

    @Test
    void labelsAndQueryParametersBecomeTypedMembers() {
        ObjectNode input = parse("GET", "/v2/email/identities", Map.of("PageSize", List.of("20"), "NextToken", List.of("t")), "");
        assertEquals(20, input.get("PageSize").asInt());
        assertTrue(input.get("PageSize").isIntegralNumber());
        SesException notANumber = assertThrows(SesException.class,
                () -> parse("GET", "/v2/email/identities", Map.of("PageSize", List.of("twenty")), ""));
        assertEquals("BadRequestException", notANumber.code());
        ObjectNode put = parse("PUT", "/v2/email/identities/example.com/dkim", Map.of(), "{\"SigningEnabled\":true}");
        assertEquals("example.com", put.get("EmailIdentity").asText());
        assertTrue(put.get("SigningEnabled").asBoolean());
    }

    @Test
    void aBodyIsCheckedAgainstItsShapesWithAwsWording() {
        SesException missing = assertThrows(SesException.class, () -> parse("POST", "/v2/email/outbound-emails", Map.of(), "{}"));
        assertEquals("BadRequestException", missing.code());
        assertEquals(400, missing.httpStatus());
        assertEquals("1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null",
                missing.getMessage());
        SesException nested = assertThrows(SesException.class, () -> parse("POST", "/v2/email/outbound-emails", Map.of(),
                "{\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"s\"}}}}"));
        assertEquals("1 validation error detected: Value null at 'content.simple.body' failed to satisfy constraint: Member must not be null",
                nested.getMessage());
        SesException badEnum = assertThrows(SesException.class, () -> parse("POST", "/v2/email/configuration-sets/s/event-destinations",
                Map.of(), "{\"EventDestinationName\":\"d\",\"EventDestination\":{\"MatchingEventTypes\":[\"SENT\"]}}"));
        assertTrue(badEnum.getMessage().contains("Value 'SENT' at 'eventDestination.matchingEventTypes.1.member' failed to satisfy "
                + "constraint: Member must satisfy enum value set: [SEND, REJECT, BOUNCE,"), badEnum.getMessage());
        SesException wrongType = assertThrows(SesException.class, () -> parse("PUT", "/v2/email/identities/example.com/dkim", Map.of(),
                "{\"SigningEnabled\":\"yes\"}"));
        assertTrue(wrongType.getMessage().contains("'signingEnabled' failed to satisfy constraint: Member must be a boolean"));
        assertEquals("The request body is not valid JSON.",
                assertThrows(SesException.class, () -> parse("POST", "/v2/email/identities", Map.of(), "{\"EmailIdentity\":")).getMessage());
        assertEquals("The request body must be a JSON object.",
                assertThrows(SesException.class, () -> parse("POST", "/v2/email/identities", Map.of(), "[1]")).getMessage());
    }

    @Test
    void errorsAreTheJsonTheSdksMapToTypedExceptions() {
        RestJsonCodec.ErrorAnswer answer = RestJsonCodec.error(new SesException("NotFoundException", 404, "Email identity x does not exist."));
        assertEquals(404, answer.status());
        assertEquals("NotFoundException", answer.code());
        assertEquals("{\"message\":\"Email identity x does not exist.\"}", answer.json());
    }
}

package dev.sesame.ses.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The parser reads the exact bytes boto3 and the AWS CLI send (captured by {@code clients/capture.py}). */
class QueryParserClientBytesTest {

    private final QueryParser parser = new QueryParser(ServiceModel.ses());

    private QueryParser.ParsedRequest parse(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/clients/" + fixture + ".form")) {
            return parser.parse(FormDecoder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void boto3SendEmailKeepsNonAsciiReservedCharactersListsAndTags() throws IOException {
        var request = parse("boto3-send-email");
        JsonNode in = request.input();
        assertEquals("SendEmail", request.operation().name());
        assertEquals("Zoë <zoe@example.com>", in.get("Source").asText());
        assertEquals("[\"a@example.com\",\"b@example.com\"]", in.at("/Destination/ToAddresses").toString());
        assertEquals("c@example.com", in.at("/Destination/CcAddresses/0").asText());
        assertEquals("Grüße & <hello>", in.at("/Message/Subject/Data").asText());
        assertEquals("line 1\nline 2 = 100%", in.at("/Message/Body/Text/Data").asText());
        assertEquals("<p>hi</p>", in.at("/Message/Body/Html/Data").asText());
        assertEquals("spring_2026", in.at("/Tags/0/Value").asText());
        assertEquals("tier", in.at("/Tags/1/Name").asText());
        assertEquals("marketing", in.get("ConfigurationSetName").asText());
    }

    @Test
    void boto3SendRawEmailCarriesTheMessageAsBase64() throws IOException {
        JsonNode in = parse("boto3-send-raw-email").input();
        String mime = new String(Base64.getDecoder().decode(in.at("/RawMessage/Data").asText()), StandardCharsets.UTF_8);
        assertTrue(mime.startsWith("From: a@example.com\r\nTo: b@example.com\r\n"), mime);
        assertEquals("b@example.com", in.at("/Destinations/0").asText());
    }

    @Test
    void boto3TypedScalarsBecomeNumbersBooleansAndTimestamps() throws IOException {
        JsonNode list = parse("boto3-list-identities").input();
        assertTrue(list.get("MaxItems").isInt());
        assertEquals(2, list.get("MaxItems").asInt());
        assertEquals("Domain", list.get("IdentityType").asText());
        JsonNode dkim = parse("boto3-set-identity-dkim-enabled").input();
        assertTrue(dkim.get("DkimEnabled").isBoolean());
        assertFalse(dkim.get("DkimEnabled").asBoolean());
        JsonNode bounce = parse("boto3-send-bounce").input();
        assertEquals("2026-11-26T08:00:00Z", bounce.at("/MessageDsn/ArrivalDate").asText());
        assertEquals("X-Note", bounce.at("/MessageDsn/ExtensionFields/0/Name").asText());
        assertEquals("DoesNotExist", bounce.at("/BouncedRecipientInfoList/0/BounceType").asText());
        assertEquals(0, parse("boto3-list-verified-email-addresses").input().size());
    }

    @Test
    void cliNestedStructuresInsideListsParse() throws IOException {
        JsonNode in = parse("cli-create-receipt-rule").input();
        assertEquals("first", in.get("After").asText());
        assertEquals("mail", in.at("/Rule/Actions/0/S3Action/BucketName").asText());
        assertEquals("in/", in.at("/Rule/Actions/0/S3Action/ObjectKeyPrefix").asText());
        assertEquals("X-Seen", in.at("/Rule/Actions/1/AddHeaderAction/HeaderName").asText());
        assertEquals("RuleSet", in.at("/Rule/Actions/2/StopAction/Scope").asText());
        assertEquals("info@example.org", in.at("/Rule/Recipients/1").asText());
        assertTrue(in.at("/Rule/Enabled").asBoolean());

        JsonNode destination = parse("cli-create-configuration-set-event-destination").input();
        assertEquals("[\"send\",\"bounce\"]", destination.at("/EventDestination/MatchingEventTypes").toString());
        assertEquals("messageTag", destination.at(
                "/EventDestination/CloudWatchDestination/DimensionConfigurations/0/DimensionValueSource").asText());

        assertEquals("a+tag@example.com", parse("cli-verify-email-identity").input().get("EmailAddress").asText());
        assertEquals(2, parse("cli-get-identity-verification-attributes").input().get("Identities").size());
    }
}

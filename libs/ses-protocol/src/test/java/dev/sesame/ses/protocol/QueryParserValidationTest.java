package dev.sesame.ses.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad requests fail with the SES error a client expects: code, status and a message naming the parameter. */
class QueryParserValidationTest {

    private final QueryParser parser = new QueryParser(ServiceModel.ses());

    private SesException refused(String form) {
        return assertThrows(SesException.class, () -> parser.parse(FormDecoder.decode(form.contains("Version=") ? form : form + "&Version=2010-12-01")));
    }

    @Test
    void aMissingRequiredParameterIsMissingParameter() {
        SesException e = refused("Action=VerifyEmailIdentity&Version=2010-12-01");
        assertEquals("MissingParameter", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals("The request must contain the parameter EmailAddress", e.getMessage());
    }

    @Test
    void aMissingNestedRequiredParameterIsNamedByItsFullPath() {
        // SendEmail's Message requires Subject and Body (spec: "Message ... Required: Yes").
        SesException e = refused("Action=SendEmail&Source=a%40example.com&Destination.ToAddresses.member.1=b%40example.com"
                + "&Message.Body.Text.Data=hi");
        assertEquals("MissingParameter", e.code());
        assertEquals("The request must contain the parameter Message.Subject", e.getMessage());
        SesException inList = refused("Action=SendEmail&Source=a%40example.com&Message.Subject.Data=s&Message.Body.Text.Data=b"
                + "&Destination.ToAddresses.member.1=b%40example.com&Tags.member.1.Name=campaign");
        assertEquals("The request must contain the parameter Tags.member.1.Value", inList.getMessage());
    }

    @Test
    void anUnknownActionIsInvalidActionAndNoActionIsMissingAction() {
        assertEquals("InvalidAction", refused("Action=LaunchRockets&Version=2010-12-01").code());
        assertEquals("MissingAction", refused("Version=2010-12-01").code());
    }

    /** Found by ./sesame bench fuzz: a list index that names no item (member.01, member.1.5) reached a handler as a null item. */
    @Test
    void aListIndexWithoutItsItemIsMissingParameter() {
        SesException padded = refused("Action=GetIdentityPolicies&Version=2010-12-01&Identity=a%40example.com&PolicyNames.member.01=p");
        assertEquals("MissingParameter", padded.code());
        assertEquals("The request must contain the parameter PolicyNames.member.1", padded.getMessage());
        SesException nested = refused("Action=GetIdentityMailFromDomainAttributes&Version=2010-12-01&Identities.member.1.5=a.example"
                + "&Identities.member.2=b.example");
        assertEquals("MissingParameter", nested.code());
        assertEquals(400, nested.httpStatus());
    }

    /** Found by ./sesame bench fuzz: a NUL in an identity reached PostgreSQL ("invalid byte sequence") and answered 500. */
    @Test
    void controlCharactersXmlCannotCarryAreInvalidParameterValue() {
        SesException nul = refused("Action=GetIdentityVerificationAttributes&Version=2010-12-01&Identities.member.1=a%00b.example");
        assertEquals("InvalidParameterValue", nul.code());
        assertEquals(400, nul.httpStatus());
        assertTrue(nul.getMessage().contains("Identities.member.1") && nul.getMessage().indexOf('\0') < 0, nul.getMessage());
        assertEquals("InvalidParameterValue", refused("Action=VerifyDomainIdentity&Version=2010-12-01&Domain=a%1Bb.example").code());
    }

    @Test
    void valuesOfTheWrongTypeAreInvalidParameterValue() {
        SesException number = refused("Action=ListIdentities&MaxItems=ten");
        assertEquals("InvalidParameterValue", number.code());
        assertTrue(number.getMessage().contains("MaxItems"), number.getMessage());
        assertEquals("InvalidParameterValue", refused("Action=SetIdentityDkimEnabled&Identity=a.com&DkimEnabled=yes").code());
        assertEquals("InvalidParameterValue", refused("Action=SendRawEmail&RawMessage.Data=not*base64").code());
        assertEquals("InvalidParameterValue", refused("Action=SendBounce&OriginalMessageId=m&BounceSender=a%40b.c"
                + "&BouncedRecipientInfoList.member.1.Recipient=x%40y.z&MessageDsn.ReportingMta=m"
                + "&MessageDsn.ArrivalDate=yesterday").code());
    }

    @Test
    void aValueOutsideItsEnumIsAValidationError() {
        SesException e = refused("Action=ListIdentities&IdentityType=Unknown");
        assertEquals("ValidationError", e.code());
        assertEquals(400, e.httpStatus());
        // docs/aws-errors.md: AWS's own wording.
        assertEquals("1 validation error detected: Value 'Unknown' at 'identityType' failed to satisfy constraint: Member must satisfy "
                + "enum value set: [Domain, EmailAddress]", e.getMessage());
        assertEquals("destinations.2.member.name", QueryParser.memberPath("Destinations.member.2.Name"));
    }

    @Test
    void aPolicyNameLongerThan64IsAValidationError() {
        // Spec, PutIdentityPolicy: PolicyName "Length Constraints: Minimum length of 1. Maximum length of 64."
        String name = "p".repeat(65);
        assertEquals("ValidationError",
                refused("Action=PutIdentityPolicy&Identity=a.com&Policy=%7B%7D&PolicyName=" + name).code());
    }

    @Test
    void aParameterGivenTwiceIsMalformed() {
        assertEquals("MalformedQueryString", refused("Action=ListIdentities&MaxItems=1&MaxItems=2").code());
    }

    @Test
    void theWrongApiVersionIsRefused() {
        assertEquals("NoSuchVersion", refused("Action=ListIdentities&Version=2019-09-27").code());
    }

    /** Common parameters: "Version ... Required: Yes". */
    @Test
    void aRequestWithoutVersionIsMissingAParameter() {
        SesException e = assertThrows(SesException.class, () -> parser.parse(FormDecoder.decode("Action=ListIdentities")));
        assertEquals("MissingParameter", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals("The request must contain the parameter Version", e.getMessage());
    }

    @Test
    void anEmptyListTravelsAsTheBareName() {
        var parsed = parser.parse(FormDecoder.decode("Action=GetIdentityVerificationAttributes&Version=2010-12-01&Identities="));
        assertEquals(0, parsed.input().get("Identities").size());
    }

    @Test
    void aGetQueryStringParsesLikeAPostBody() {
        Map<String, String> params = FormDecoder.decode("Action=VerifyEmailIdentity&Version=2010-12-01&EmailAddress=x%2By%40example.com");
        assertEquals("x+y@example.com", parser.parse(params).input().get("EmailAddress").asText());
    }

    @Test
    void mapsParseFromEntryKeyValuePairs() {
        var node = parser.parseShape("GetIdentityVerificationAttributesResponse", Map.of(
                "VerificationAttributes.entry.1.key", "example.com",
                "VerificationAttributes.entry.1.value.VerificationStatus", "Success",
                "VerificationAttributes.entry.2.key", "a@example.com",
                "VerificationAttributes.entry.2.value.VerificationStatus", "Pending"));
        assertEquals("Success", node.at("/VerificationAttributes/example.com/VerificationStatus").asText());
        assertEquals("Pending", node.at("/VerificationAttributes/a@example.com/VerificationStatus").asText());
    }
}

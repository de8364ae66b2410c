package dev.sesame.ses.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The XML is the envelope SES clients parse, byte for byte. */
class XmlSerializerTest {

    private final ServiceModel model = ServiceModel.ses();

    @Test
    void aResultIsWrappedInActionResponseAndActionResult() throws Exception {
        var result = new ObjectMapper().readTree("{\"Identities\":[\"a@example.com\",\"x&y.com\"],\"NextToken\":\"t\",\"Unmodeled\":1}");
        String xml = new XmlSerializer(model).response(model.operation("ListIdentities").orElseThrow(), result, "rid");
        assertEquals("<ListIdentitiesResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><ListIdentitiesResult>"
                + "<Identities><member>a@example.com</member><member>x&amp;y.com</member></Identities><NextToken>t</NextToken>"
                + "</ListIdentitiesResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ListIdentitiesResponse>", xml);
    }

    @Test
    void anActionWithoutOutputHasOnlyMetadata() {
        String xml = new XmlSerializer(model).response(model.operation("VerifyEmailAddress").orElseThrow(), null, "rid");
        assertEquals("<VerifyEmailAddressResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><ResponseMetadata>"
                + "<RequestId>rid</RequestId></ResponseMetadata></VerifyEmailAddressResponse>", xml);
    }

    @Test
    void anEmptyResultStillHasItsWrapperBecauseBoto3RequiresIt() {
        String xml = new XmlSerializer(model).response(model.operation("DeleteIdentity").orElseThrow(), null, "rid");
        assertEquals("<DeleteIdentityResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><DeleteIdentityResult>"
                + "</DeleteIdentityResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></DeleteIdentityResponse>", xml);
    }

    @Test
    void errorsUseTheErrorResponseEnvelopeAndTheModelsStatus() {
        SesException e = SesException.of("AlreadyExists", "Rule set <a> exists");
        assertEquals(400, e.httpStatus());
        assertEquals("<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>Sender</Type>"
                + "<Code>AlreadyExists</Code><Message>Rule set &lt;a&gt; exists</Message></Error><RequestId>r</RequestId>"
                + "</ErrorResponse>", XmlSerializer.error(e, "r"));
        assertEquals("Receiver", SesException.notImplemented("SendBounce").type());
        assertEquals(501, SesException.notImplemented("SendBounce").httpStatus());
    }
}

package dev.sesame.identity;

import dev.sesame.testing.InternalCalls;
import static dev.sesame.identity.IdentityAttributesTest.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.testing.SesameInfraResource;
import dev.sesame.testing.SmtpSink;
import dev.sesame.testing.SmtpSinkResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** VerifyEmailIdentity mails a real confirmation link (to an SMTP server the test runs); following it verifies. */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(SmtpSinkResource.class)
class ConfirmationMailTest {

    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:18100/confirmations/([A-Za-z0-9_-]{43})");

    private final SmtpSink sink = SmtpSink.shared();

    private List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> mine = new java.util.ArrayList<>();
        for (MimeMessage message : sink.messages()) {
            if (((InternetAddress) message.getAllRecipients()[0]).getAddress().equals(address)) {
                mine.add(message);
            }
        }
        return mine;
    }

    /** The link of the {@code n}th mail (1-based) to {@code address}, waiting for it to arrive. */
    private String link(String address, int n) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<MimeMessage> mine = mailTo(address);
            if (mine.size() >= n) {
                MimeMessage message = mine.get(n - 1);
                assertTrue(message.getSubject().contains("us-east-1"), message.getSubject());
                Matcher link = LINK.matcher((String) message.getContent());
                assertTrue(link.find(), "the mail carries a confirmation link");
                return link.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("mail " + n + " did not reach " + address);
    }

    private static ValidatableResponse follow(String token) {
        return given().contentType("application/json").header("Authorization", InternalCalls.relay("identity")).body(Map.of("token", token))
                .post("/internal/confirmations").then();
    }

    private static String status(String account, String address) {
        return call(account, "GetIdentityVerificationAttributes", Map.of("Identities", List.of(address)))
                .extract().path("VerificationAttributes.'" + address + "'.VerificationStatus");
    }

    @Test
    void followingTheMailedLinkVerifiesTheAddressOnce() throws Exception {
        String a = "300000000001";
        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "click@mail.example.com")).statusCode(200);
        String token = link("click@mail.example.com", 1);
        assertEquals("Pending", status(a, "click@mail.example.com"));

        follow(token).statusCode(200).body("identity", equalTo("click@mail.example.com"));
        assertEquals("Success", status(a, "click@mail.example.com"));
        call(a, "ListVerifiedEmailAddresses", Map.of()).body("VerifiedEmailAddresses", contains("click@mail.example.com"));

        follow(token).statusCode(404);
        follow("A".repeat(43)).statusCode(404);

        call(a, "VerifyEmailIdentity", Map.of("EmailAddress", "click@mail.example.com")).statusCode(200);
        Thread.sleep(500);
        assertEquals(1, mailTo("click@mail.example.com").size(), "a verified address gets no new link");
        assertEquals("Success", status(a, "click@mail.example.com"));
    }

    @Test
    void anExpiredLinkDoesNothingAndSaysSo() throws Exception {
        String a = "300000000002";
        call(a, "VerifyEmailAddress", Map.of("EmailAddress", "late@mail.example.com")).statusCode(200);
        String token = link("late@mail.example.com", 1);
        Thread.sleep(3500);
        follow(token).statusCode(410).body("identity", equalTo("late@mail.example.com"));
        assertEquals("Pending", status(a, "late@mail.example.com"));

        // Asking again mails a new link, which works.
        call(a, "VerifyEmailAddress", Map.of("EmailAddress", "late@mail.example.com")).statusCode(200);
        String fresh = link("late@mail.example.com", 2);
        follow(token).statusCode(404);
        follow(fresh).statusCode(200);
        assertEquals("Success", status(a, "late@mail.example.com"));
    }
}

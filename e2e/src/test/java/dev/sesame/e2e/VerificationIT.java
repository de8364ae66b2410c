package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.testing.ProgrammableSmtpSink;
import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.VerificationStatus;

/**
 * Verification that really verifies, on the launched stack: DNS records published on a DNS server the test
 * controls, a confirmation mail caught by an SMTP server the test runs, its link followed over HTTP.
 */
class VerificationIT {

    private static SesameStack stack;

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
    }

    @Test
    void publishingTheTxtRecordVerifiesTheDomain() throws Exception {
        try (SesClient ses = stack.ses()) {
            String token = ses.verifyDomainIdentity(r -> r.domain("txt.e2e.example")).verificationToken();
            assertEquals(VerificationStatus.PENDING, ses.getIdentityVerificationAttributes(r -> r.identities("txt.e2e.example"))
                    .verificationAttributes().get("txt.e2e.example").verificationStatus());
            stack.dns.txt("_amazonses.txt.e2e.example", token);
            eventually("txt.e2e.example verified", () -> ses.getIdentityVerificationAttributes(r -> r.identities("txt.e2e.example"))
                    .verificationAttributes().get("txt.e2e.example").verificationStatus() == VerificationStatus.SUCCESS);
        }
    }

    @Test
    void publishingTheDkimCnamesVerifiesDkimAndThePlatformServesTheKeys() throws Exception {
        try (SesClient ses = stack.ses()) {
            List<String> tokens = ses.verifyDomainDkim(r -> r.domain("dkim.e2e.example")).dkimTokens();
            assertEquals(3, tokens.size());
            for (String token : tokens) {
                stack.dns.cname(token + "._domainkey.dkim.e2e.example", token + ".dkim.sesame.test");
            }
            eventually("DKIM of dkim.e2e.example verified", () -> ses.getIdentityDkimAttributes(r -> r.identities("dkim.e2e.example"))
                    .dkimAttributes().get("dkim.e2e.example").dkimVerificationStatus() == VerificationStatus.SUCCESS);
        }
        SimpleResolver platform = new SimpleResolver("127.0.0.1");
        platform.setPort(stack.dkimDnsPort());
        for (String token : stackTokens()) {
            Lookup lookup = new Lookup(token + ".dkim.sesame.test.", Type.TXT);
            lookup.setResolver(platform);
            lookup.setCache(null);
            Record[] answer = lookup.run();
            assertEquals(Lookup.SUCCESSFUL, lookup.getResult(), lookup.getErrorString());
            assertTrue(String.join("", ((TXTRecord) answer[0]).getStrings()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN"));
        }
    }

    private static List<String> stackTokens() {
        try (SesClient ses = stack.ses()) {
            return ses.getIdentityDkimAttributes(r -> r.identities("dkim.e2e.example")).dkimAttributes().get("dkim.e2e.example").dkimTokens();
        }
    }

    @Test
    void followingTheMailedLinkVerifiesTheAddressAndAReusedLinkSaysSo() throws Exception {
        try (SesClient ses = stack.ses()) {
            ses.verifyEmailIdentity(r -> r.emailAddress("click@e2e.example"));
            eventually("the confirmation mail arrived", () -> mailTo("click@e2e.example") != null);
            Matcher link = Pattern.compile("http://127\\.0\\.0\\.1:" + stack.base + "/confirmations/[A-Za-z0-9_-]+")
                    .matcher((String) mailTo("click@e2e.example").getContent());
            assertTrue(link.find(), "the mail links to the platform's public URL");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(link.group())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.body().contains("successfully verified click@e2e.example"), first.body());
            assertEquals(VerificationStatus.SUCCESS, ses.getIdentityVerificationAttributes(r -> r.identities("click@e2e.example"))
                    .verificationAttributes().get("click@e2e.example").verificationStatus());
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(link.group())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, again.statusCode());
            assertTrue(ses.listVerifiedEmailAddresses().verifiedEmailAddresses().contains("click@e2e.example"));
        }
    }

    /** SendCustomVerificationEmail: the tenant's own mail, and the link leads to the template's SuccessRedirectionURL. */
    @Test
    void aCustomVerificationEmailVerifiesAndRedirects() throws Exception {
        try (SesClient ses = stack.ses()) {
            ses.verifyDomainIdentity(r -> r.domain("brand.e2e.example"));
            stack.sesame("identity", "verify", "brand.e2e.example");
            ses.createCustomVerificationEmailTemplate(r -> r.templateName("e2e-welcome").fromEmailAddress("hello@brand.e2e.example")
                    .templateSubject("Confirm your address").templateContent("<html><body><p>Welcome to Brand.</p></body></html>")
                    .successRedirectionURL("https://brand.e2e.example/ok").failureRedirectionURL("https://brand.e2e.example/failed"));
            assertEquals("Confirm your address", ses.listCustomVerificationEmailTemplates(r -> { }).customVerificationEmailTemplates()
                    .stream().filter(t -> t.templateName().equals("e2e-welcome")).findFirst().orElseThrow().templateSubject());
            String messageId = ses.sendCustomVerificationEmail(r -> r.emailAddress("custom@e2e.example").templateName("e2e-welcome")).messageId();
            assertEquals(60, messageId.length(), messageId);
            eventually("the custom verification mail arrived", () -> mailTo("custom@e2e.example") != null);
            MimeMessage mail = mailTo("custom@e2e.example");
            assertEquals("Confirm your address", mail.getSubject());
            assertEquals("hello@brand.e2e.example", ((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getAddress());
            Matcher link = Pattern.compile("http://127\\.0\\.0\\.1:" + stack.base + "/confirmations/[A-Za-z0-9_-]+")
                    .matcher((String) mail.getContent());
            assertTrue(link.find(), "the link is in the template's body");
            HttpResponse<String> followed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, followed.statusCode(), followed.body());
            assertEquals("https://brand.e2e.example/ok", followed.headers().firstValue("Location").orElseThrow());
            assertEquals(VerificationStatus.SUCCESS, ses.getIdentityVerificationAttributes(r -> r.identities("custom@e2e.example"))
                    .verificationAttributes().get("custom@e2e.example").verificationStatus());
        }
    }

    private static MimeMessage mailTo(String address) {
        try {
            List<ProgrammableSmtpSink.Received> mine = stack.mail.to(address);
            return mine.isEmpty() ? null : new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(mine.get(0).data()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void boto3AndTheCliSeeTheIdentityAttributeActionsAndTheirErrors() throws Exception {
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "attrs.e2e.example");
        stack.sesame("identity", "verify", "attrs.e2e.example");
        String script = Path.of(System.getProperty("sesame.root", "..")).resolve("e2e/src/test/python/identity_attributes.py").toString();
        String out = stack.run("python3", script);
        assertTrue(out.contains("boto3 identity attributes: ok"), out);
        String dkim = stack.run("aws", "ses", "get-identity-dkim-attributes", "--identities", "attrs.e2e.example");
        assertTrue(dkim.contains("\"DkimVerificationStatus\": \"Pending\""), dkim);
    }
}

package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.IdentityType;
import software.amazon.awssdk.services.ses.model.ListIdentitiesResponse;
import software.amazon.awssdk.services.ses.model.SesException;
import software.amazon.awssdk.services.ses.model.VerificationStatus;

/** Identities end to end on the launched stack, with the AWS SDK for Java v2, the AWS CLI and boto3. */
class IdentitiesIT {

    private static SesameStack stack;

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
    }

    @Test
    void theJavaSdkVerifiesListsPagesGetsAndDeletes() {
        try (SesClient ses = stack.ses()) {
            for (String address : List.of("sdk-1@sdk.example.com", "sdk-2@sdk.example.com", "sdk-3@sdk.example.com")) {
                ses.verifyEmailIdentity(r -> r.emailAddress(address));
            }
            String token = ses.verifyDomainIdentity(r -> r.domain("sdk.example.com")).verificationToken();
            assertEquals(44, token.length());

            List<String> emails = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                String from = next;
                ListIdentitiesResponse page = ses.listIdentities(r -> r.identityType(IdentityType.EMAIL_ADDRESS).maxItems(2).nextToken(from));
                assertTrue(page.identities().size() <= 2);
                emails.addAll(page.identities());
                next = page.nextToken();
                pages++;
            } while (next != null);
            assertTrue(pages >= 2, "three or more addresses in pages of two take at least two pages");
            assertTrue(emails.containsAll(List.of("sdk-1@sdk.example.com", "sdk-2@sdk.example.com", "sdk-3@sdk.example.com")));
            assertFalse(emails.contains("sdk.example.com"), "IdentityType=EmailAddress leaves domains out");

            var attributes = ses.getIdentityVerificationAttributes(r -> r.identities("sdk-1@sdk.example.com", "sdk.example.com"))
                    .verificationAttributes();
            assertEquals(VerificationStatus.PENDING, attributes.get("sdk-1@sdk.example.com").verificationStatus());
            assertEquals(token, attributes.get("sdk.example.com").verificationToken());

            ses.deleteIdentity(r -> r.identity("sdk-2@sdk.example.com"));
            assertFalse(ses.listIdentities().identities().contains("sdk-2@sdk.example.com"));
        }
    }

    @Test
    void aWrongSecretSurfacesAsSignatureDoesNotMatchInTheSdk() {
        try (SesClient ses = stack.ses(stack.accessKeyId(), "not-the-secret")) {
            SesException e = assertThrows(SesException.class, ses::listIdentities);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void twoTenantsCannotSeeEachOthersIdentities() throws Exception {
        JsonNode other = stack.createTenant("e2e-other");
        try (SesClient mine = stack.ses();
             SesClient theirs = stack.ses(other.get("accessKeyId").asText(), other.get("secretAccessKey").asText())) {
            mine.verifyEmailIdentity(r -> r.emailAddress("private@mine.example.com"));
            theirs.verifyEmailIdentity(r -> r.emailAddress("private@theirs.example.com"));
            assertFalse(theirs.listIdentities().identities().contains("private@mine.example.com"));
            assertFalse(mine.listIdentities().identities().contains("private@theirs.example.com"));
            assertTrue(theirs.getIdentityVerificationAttributes(r -> r.identities("private@mine.example.com"))
                    .verificationAttributes().isEmpty());
            theirs.deleteIdentity(r -> r.identity("private@mine.example.com"));
            assertTrue(mine.listIdentities().identities().contains("private@mine.example.com"));
        }
    }

    @Test
    void theAwsCliVerifiesAndLists() throws Exception {
        assertEquals("", stack.run("aws", "ses", "verify-email-identity", "--email-address", "cli@cli.example.com").trim());
        JsonNode listed = new ObjectMapper().readTree(stack.run("aws", "ses", "list-identities", "--identity-type", "EmailAddress"));
        List<String> identities = new ArrayList<>();
        listed.get("Identities").forEach(i -> identities.add(i.asText()));
        assertTrue(identities.contains("cli@cli.example.com"), identities.toString());
        JsonNode attributes = new ObjectMapper().readTree(stack.run("aws", "ses", "get-identity-verification-attributes",
                "--identities", "cli@cli.example.com"));
        assertEquals("Pending", attributes.at("/VerificationAttributes/cli@cli.example.com/VerificationStatus").asText());
    }

    @Test
    void boto3VerifiesPagesGetsDeletesAndSeesTypedErrors() throws Exception {
        String script = Path.of(System.getProperty("sesame.root", "..")).resolve("e2e/src/test/python/identities.py").toString();
        String out = stack.run("python3", script);
        assertTrue(out.contains("boto3 identities: ok"), out);
    }

    @Test
    void theLauncherSaysInASentenceWhatIsWrong() throws Exception {
        SesameStack.Launched missing = stack.launch("identity", "verify", "never-created.example.com");
        assertEquals(1, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("has no identity never-created.example.com: create it first with VerifyEmailIdentity "
                + "or VerifyDomainIdentity"), missing.output());
        assertFalse(missing.output().contains("curl:"), missing.output());
        SesameStack.Launched badArn = stack.launch("subscribe", "not-a-topic", "http://127.0.0.1:9/");
        assertEquals(1, badArn.exitCode(), badArn.output());
        assertTrue(badArn.output().contains("sesame: the gateway answered 400: "), badArn.output());
        assertFalse(badArn.output().contains("curl:"), badArn.output());
        SesameStack.Launched noTenant = stack.launch("keys", "list", "no-such-tenant");
        assertEquals(1, noTenant.exitCode(), noTenant.output());
        assertTrue(noTenant.output().contains("no tenant named no-such-tenant"), noTenant.output());
    }

    /** The 22 actions after the 2016 reference are answered by their services, not NotImplemented (README's table). */
    @Test
    void theLaterActionsAreAnsweredByTheirServices() {
        try (SesClient ses = stack.ses()) {
            assertTrue(ses.listCustomVerificationEmailTemplates(r -> { }).customVerificationEmailTemplates() != null);
            assertTrue(ses.listTemplates(r -> { }).templatesMetadata() != null);
            assertTrue(ses.getAccountSendingEnabled(r -> { }).enabled());
            SesException e = assertThrows(SesException.class, () -> ses.deleteConfigurationSetTrackingOptions(r -> r
                    .configurationSetName("no-such-set")));
            assertEquals("ConfigurationSetDoesNotExist", e.awsErrorDetails().errorCode());
        }
    }
}

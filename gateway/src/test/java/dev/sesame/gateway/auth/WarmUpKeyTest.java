package dev.sesame.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.gateway.SesClients;
import dev.sesame.gateway.tenant.TenantDirectory;
import dev.sesame.security.WarmUp;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * The warm-up tenant's key: made at start, known only to the gateway's own warm-up, and good for nothing but a
 * SendEmail (which then goes on to the sending service as a warm-up request).
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class WarmUpKeyTest {

    @Inject
    TenantDirectory directory;

    @Inject
    Authenticator authenticator;

    @TestHTTPResource("/")
    URI endpoint;

    private SesClient ses(String secret) {
        return SesClients.of(endpoint, directory.warmUpKey().accessKeyId(), secret);
    }

    private static SesException failure(Runnable call) {
        return assertThrows(SesException.class, call::run);
    }

    @Test
    void theWarmUpKeyIsTheWarmUpTenantsWhoseAccountNoTenantMayHave() {
        TenantDirectory.Credentials key = directory.warmUpKey();
        assertTrue(key.accessKeyId().startsWith("AKIAWARMUP") && key.accessKeyId().length() == 20, key.accessKeyId());
        assertEquals(40, key.secret().length());
        assertEquals(WarmUp.ACCOUNT, key.tenant().accountId);
        assertThrows(IllegalArgumentException.class, () -> directory.create("x", "us-east-1", false, WarmUp.ACCOUNT, null, null));
    }

    @Test
    void theWarmUpKeyOpensNoSmtpSession() {
        String password = SmtpPassword.of(directory.warmUpKey().secret(), "us-east-1");
        assertEquals(null, authenticator.smtp(directory.warmUpKey().accessKeyId(), password).await().indefinitely());
    }

    @Test
    void theWarmUpKeyMaySendEmailOnly() {
        try (SesClient ses = ses(directory.warmUpKey().secret())) {
            SesException refused = failure(ses::listIdentities);
            assertEquals("AccessDenied", refused.awsErrorDetails().errorCode());
            assertEquals(403, refused.statusCode());
            // Authenticated and passed on: the sending service (down in tests) is what answers.
            SesException passedOn = failure(() -> ses.sendEmail(r -> r.source(WarmUp.SOURCE).destination(d -> d.toAddresses(WarmUp.RECIPIENT))
                    .message(m -> m.subject(s -> s.data("warm-up")).body(b -> b.text(t -> t.data("not sent"))))));
            assertEquals("ServiceUnavailable", passedOn.awsErrorDetails().errorCode());
        }
    }

    @Test
    void theWarmUpKeyIdWithAnotherSecretIsRefused() {
        try (SesClient ses = ses("not-the-warm-up-secret-0000000000000000000")) {
            SesException e = failure(() -> ses.sendEmail(r -> r.source(WarmUp.SOURCE).destination(d -> d.toAddresses(WarmUp.RECIPIENT))
                    .message(m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("y"))))));
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }
}

package dev.sesame.gateway.auth;

import dev.sesame.gateway.tenant.TenantDirectory;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Set;

/** Turns a signed request into its tenant: SigV4 checked, access key resolved, signature compared. */
@Singleton
public class Authenticator {

    private final SigV4 sigV4 = new SigV4(Set.of("ses", "email"), true);
    private final TenantDirectory directory;

    public Authenticator(TenantDirectory directory) {
        this.directory = directory;
    }

    public Uni<Caller> authenticate(SigV4.Request request) {
        SigV4.Claim claim = sigV4.parse(request, Instant.now());
        return directory.byAccessKey(claim.accessKeyId()).map(credentials -> {
            if (credentials == null) {
                throw new SesException("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            }
            if (!claim.matches(credentials.secret())) {
                throw claim.mismatch();
            }
            return new Caller(credentials.tenant().accountId, claim.region(), credentials.tenant().sandbox,
                    credentials.tenant().max24HourSend, credentials.tenant().maxSendRate);
        });
    }
}

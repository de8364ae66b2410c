package dev.sesame.gateway.auth;

import dev.sesame.security.WarmUp;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The access key of the gateway's warm-up tenant ({@link WarmUp#ACCOUNT}): made afresh at each start, held only in
 * memory and never shown, so that no one but this gateway's own warm-up can sign with it.
 */
@Singleton
public class WarmUpKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String accessKeyId = "AKIAWARMUP" + HexFormat.of().withUpperCase().formatHex(random(5)).substring(0, 10);
    private final String secret = HexFormat.of().formatHex(random(30));

    public String accessKeyId() {
        return accessKeyId;
    }

    String secret() {
        return secret;
    }

    /** Signs a warm-up request as an SDK would. */
    public String authorization(SigV4 sigV4, SigV4.Request request, String region) {
        return sigV4.authorization(request, accessKeyId, secret, region, "ses");
    }

    /** The warm-up tenant, when the claim names this key and its signature matches. */
    AuthenticatedTenant authenticate(SigV4.Claim claim) {
        if (!claim.matches(secret)) {
            throw claim.mismatch();
        }
        return new AuthenticatedTenant(WarmUp.ACCOUNT, claim.region(), false, -1, -1, true);
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }
}

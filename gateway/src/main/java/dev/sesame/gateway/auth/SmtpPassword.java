package dev.sesame.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SMTP password SES derives from a secret access key, so that a password made with AWS's documented script for
 * a Sesame key works: version 4 (per region) is {@code base64(0x04 || HMAC chain "11111111", region, "ses",
 * "aws4_request", "SendRawEmail")} keyed first with {@code "AWS4" + secret}; the legacy version 2 (any region) is
 * {@code base64(0x02 || HMAC(secret, "SendRawEmail"))}.
 */
public final class SmtpPassword {

    private SmtpPassword() {
    }

    /** The version-4 password of this secret for this region (44 characters, starting with {@code B}). */
    public static String of(String secret, String region) {
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String step : new String[] {"11111111", region, "ses", "aws4_request", "SendRawEmail"}) {
            key = hmac(key, step);
        }
        return versioned((byte) 0x04, key);
    }

    /** The legacy version-2 password (starting with {@code A}), which older SES credentials still use. */
    public static String legacy(String secret) {
        return versioned((byte) 0x02, hmac(secret.getBytes(StandardCharsets.UTF_8), "SendRawEmail"));
    }

    /** Whether a password given over SMTP is this secret's, in either version, compared in constant time. */
    public static boolean matches(String password, String secret, String region) {
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        boolean v4 = MessageDigest.isEqual(given, of(secret, region).getBytes(StandardCharsets.UTF_8));
        boolean v2 = MessageDigest.isEqual(given, legacy(secret).getBytes(StandardCharsets.UTF_8));
        return v4 | v2;
    }

    private static String versioned(byte version, byte[] signature) {
        byte[] password = new byte[signature.length + 1];
        password[0] = version;
        System.arraycopy(signature, 0, password, 1, signature.length);
        return Base64.getEncoder().encodeToString(password);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

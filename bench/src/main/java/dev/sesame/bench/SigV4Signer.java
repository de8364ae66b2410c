package dev.sesame.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for SES Query POSTs, written from the AWS documentation on its own (not the gateway's
 * verifier): signs {@code content-type}, {@code host} and {@code x-amz-date}, as the AWS CLI does.
 */
final class SigV4Signer {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    private final String accessKey;
    private final String secretKey;
    private final String region;

    record Signed(String amzDate, String authorization) {
    }

    SigV4Signer(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    Signed sign(String host, byte[] body, Instant at) {
        return sign(host, CONTENT_TYPE, body, at);
    }

    /** A POST with this Content-Type (none when empty), signed over it as the AWS CLI signs its own. */
    Signed sign(String host, String contentType, byte[] body, Instant at) {
        String amzDate = AMZ_DATE.format(at);
        String headers = contentType.isEmpty() ? "host;x-amz-date" : "content-type;host;x-amz-date";
        String canonical = "POST\n/\n\n" + (contentType.isEmpty() ? "" : "content-type:" + contentType + "\n") + "host:" + host
                + "\nx-amz-date:" + amzDate + "\n\n" + headers + "\n" + hex(sha256(body));
        return signed(amzDate, canonical, headers);
    }

    /** A GET whose parameters are the query string, given already encoded and sorted as SigV4 canonicalizes them. */
    Signed signGet(String host, String canonicalQuery, Instant at) {
        String amzDate = AMZ_DATE.format(at);
        String canonical = "GET\n/\n" + canonicalQuery + "\nhost:" + host + "\nx-amz-date:" + amzDate + "\n\nhost;x-amz-date\n"
                + hex(sha256(new byte[0]));
        return signed(amzDate, canonical, "host;x-amz-date");
    }

    private Signed signed(String amzDate, String canonical, String signedHeaders) {
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/ses/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "ses");
        key = hmac(key, "aws4_request");
        return new Signed(amzDate, "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex(hmac(key, toSign)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

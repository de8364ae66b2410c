package dev.sesame.receipt.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sesame.eventlog.EventCodec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an S3 action stores: the message as it is (no metadata), or {@linkplain #encrypted encrypted} as SES
 * encrypts it for an S3 action with a KMS key: client-side, in the S3 encryption
 * client's format, so that client (with legacy KMS wrapping enabled) decrypts it. The body is AES-256-GCM under a
 * fresh data key (12-byte IV, 128-bit tag appended); the data key is wrapped by the KMS key with the material
 * description as encryption context ({@code x-amz-wrap-alg: kms}). The metadata go on the object as
 * {@code x-amz-meta-*} headers, or into an instruction file ({@code <key>.instruction}) where a store has none.
 */
public record StoredObject(byte[] body, Map<String, String> metadata) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param keyArn the rule's KmsKeyArn, as SES names it in the material description
     * @param messageId the received message's id
     */
    public static StoredObject plain(byte[] message) {
        return new StoredObject(message, Map.of());
    }

    public static StoredObject encrypted(Kms kms, Kms.Key key, String keyArn, String accountId, String ruleName, String messageId,
                                     byte[] message) {
        Map<String, String> description = new TreeMap<>();
        description.put("aws:ses:message-id", messageId);
        description.put("aws:ses:rule-name", ruleName);
        description.put("aws:ses:source-account", accountId);
        description.put("kms_cmk_id", keyArn);
        byte[] dataKey = new byte[32];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(dataKey);
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, iv));
            byte[] body = cipher.doFinal(message);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("x-amz-key-v2", Base64.getEncoder().encodeToString(kms.encrypt(key, dataKey, description)));
            metadata.put("x-amz-iv", Base64.getEncoder().encodeToString(iv));
            metadata.put("x-amz-cek-alg", "AES/GCM/NoPadding");
            metadata.put("x-amz-tag-len", "128");
            metadata.put("x-amz-wrap-alg", "kms");
            metadata.put("x-amz-matdesc", EventCodec.JSON.writeValueAsString(description));
            metadata.put("x-amz-unencrypted-content-length", String.valueOf(message.length));
            return new StoredObject(body, metadata);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot encrypt a message", e);
        }
    }

    /** The S3 encryption client's instruction file: the metadata as one JSON object. */
    public byte[] instructionFile() {
        try {
            return EventCodec.JSON.writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

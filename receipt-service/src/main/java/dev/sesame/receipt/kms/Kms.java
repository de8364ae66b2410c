package dev.sesame.receipt.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.security.SecretBox;
import dev.sesame.ses.protocol.SesException;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The platform's key management, as far as SES's S3 action needs it and a KMS client expects it: symmetric keys of
 * a tenant in a region — the AWS-managed default key {@code alias/aws/ses} (derived from the master key, so it
 * needs no creation) and customer-managed keys (random, sealed in their creation event) — that encrypt and decrypt
 * small secrets such as data keys with AES-256-GCM, bound to an encryption context.
 *
 * <p>A ciphertext blob names its key, so Decrypt needs nothing else: {@code 0x01 | len(arn) (2 bytes) | arn |
 * nonce (12) | AES-GCM(plaintext) with tag}, the encryption context (sorted) as additional authenticated data.
 */
@Singleton
public class Kms {

    public static final String DEFAULT_ALIAS = "alias/aws/ses";
    /** A key's ARN; group 1 the region, 2 the account, 3 the key id. */
    public static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):([0-9]{12}):key/([0-9a-f-]{36})");
    /** An alias's ARN; group 3 the alias name with its {@code alias/} prefix. */
    public static final Pattern ALIAS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):([0-9]{12}):(alias/[A-Za-z0-9/_-]{1,256})");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A usable key: where it lives, what it is, and its 32 bytes of key material. */
    public record Key(String arn, String accountId, String region, String keyId, String description, Instant createdAt,
                      boolean awsManaged, byte[] material) {
    }

    /** What Decrypt found: the key that encrypted the blob and the plaintext. */
    public record Decrypted(Key key, byte[] plaintext) {
    }

    private final ReceiptRules keys;
    private final SecretBox secrets;
    private final byte[] masterKey;

    public Kms(ReceiptRules keys, @ConfigProperty(name = "sesame.receipt.master-key") String masterKey) {
        this.keys = keys;
        this.secrets = new SecretBox(masterKey);
        this.masterKey = Base64.getDecoder().decode(masterKey);
    }

    /** New key material, sealed for its creation event. */
    public String newSealedMaterial() {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        return secrets.seal(Base64.getEncoder().encodeToString(material));
    }

    /**
     * The key a reference names for a caller: a key id, a key ARN, an alias name ({@code alias/aws/ses} is the only
     * alias) or an alias ARN. ARNs carry their own region and account; the others are the caller's. Empty when no
     * such key exists; a key of another account is refused as KMS refuses it without a key policy granting it.
     */
    public Optional<Key> resolve(String accountId, String region, String reference) {
        Matcher arn = KEY_ARN.matcher(reference);
        Matcher alias = ALIAS_ARN.matcher(reference);
        String keyRegion = region;
        String keyAccount = accountId;
        String name = reference;
        if (arn.matches()) {
            keyRegion = arn.group(1);
            keyAccount = arn.group(2);
            name = arn.group(3);
        } else if (alias.matches()) {
            keyRegion = alias.group(1);
            keyAccount = alias.group(2);
            name = alias.group(3);
        }
        if (!keyAccount.equals(accountId)) {
            throw new SesException("AccessDeniedException", 400, "User: arn:aws:iam::" + accountId + ":root is not authorized to perform "
                    + "this operation on resource: " + reference + " because no resource-based policy allows it");
        }
        if (name.startsWith("alias/")) {
            return name.equals(DEFAULT_ALIAS) ? Optional.of(defaultKey(accountId, keyRegion)) : Optional.empty();
        }
        if (!KEY_ID.matcher(name).matches()) {
            return Optional.empty();
        }
        Key managed = defaultKey(accountId, keyRegion);
        if (managed.keyId().equals(name)) {
            return Optional.of(managed);
        }
        String keyArn = "arn:aws:kms:" + keyRegion + ":" + accountId + ":key/" + name;
        return keys.kmsKey(accountId, keyArn).map(this::usable);
    }

    public Key usable(ReceiptRules.KmsKey key) {
        String accountId = KEY_ARN.matcher(key.arn()).results().findFirst().map(m -> m.group(2)).orElseThrow();
        return new Key(key.arn(), accountId, key.region(), key.keyId(), key.description(), key.createdAt(), false,
                Base64.getDecoder().decode(secrets.open(key.sealedMaterial())));
    }

    /** The AWS-managed key behind {@code alias/aws/ses}: the same key id and material for a tenant and region every time. */
    public Key defaultKey(String accountId, String region) {
        String label = "sesame kms default key|" + accountId + "|" + region;
        String keyId = UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8)).toString();
        return new Key("arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId, accountId, region, keyId,
                "Default key that protects my SES data when no other key is defined", Instant.EPOCH, true, hmac(masterKey, label));
    }

    /** A ciphertext blob of at most 4 KiB of plaintext under the key, bound to the encryption context. */
    public byte[] encrypt(Key key, byte[] plaintext, Map<String, String> context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(canonical(context));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] arn = key.arn().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 2 + arn.length + NONCE_BYTES + sealed.length).put(VERSION).putShort((short) arn.length)
                    .put(arn).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a blob the caller's key encrypted with this context. A blob that is not one, was altered,
     * or is presented with another context is {@code InvalidCiphertextException}, as in KMS.
     */
    public Decrypted decrypt(String accountId, String region, byte[] blob, Map<String, String> context) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            if (in.get() != VERSION) {
                throw invalidCiphertext();
            }
            byte[] arn = new byte[in.getShort()];
            in.get(arn);
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            Matcher keyArn = KEY_ARN.matcher(new String(arn, StandardCharsets.UTF_8));
            if (!keyArn.matches() || !keyArn.group(1).equals(region)) {
                throw invalidCiphertext();
            }
            Key key = resolve(accountId, region, keyArn.group()).orElseThrow(Kms::invalidCiphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(canonical(context));
            return new Decrypted(key, cipher.doFinal(sealed));
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException | GeneralSecurityException e) {
            throw invalidCiphertext();
        }
    }

    private static SesException invalidCiphertext() {
        return new SesException("InvalidCiphertextException", 400, "The ciphertext is not valid for any key of this account and "
                + "region, was altered, or was encrypted with another encryption context.");
    }

    private static byte[] canonical(Map<String, String> context) {
        try {
            return EventCodec.JSON.writeValueAsBytes(new TreeMap<>(context == null ? Map.of() : context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

package dev.sesame.receipt.kms;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.ReceiptEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The KMS operations (JSON protocol, {@code TrentService.<Operation>}) a tenant needs around SES's encrypted S3
 * actions: create and describe keys, list them, and Encrypt / Decrypt / GenerateDataKey — enough for the S3
 * encryption client to read the mail SES stored. Errors carry KMS's exception names.
 */
@Singleton
public class KmsActions implements SesActions {

    private static final int MAX_PLAINTEXT = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Kms kms;
    private final ReceiptRules keys;
    private final CommandLog commands;

    public KmsActions(Kms kms, ReceiptRules keys, CommandLog commands) {
        this.kms = kms;
        this.keys = keys;
        this.commands = commands;
    }

    @Override
    public String api() {
        return "kms";
    }

    @Override
    public Map<String, SesAction> actions() {
        Map<String, SesAction> actions = new LinkedHashMap<>();
        actions.put("CreateKey", this::createKey);
        actions.put("DescribeKey", (c, in) -> Uni.createFrom().item(() -> {
            ObjectNode result = EventCodec.JSON.createObjectNode();
            result.set("KeyMetadata", metadata(key(c, in)));
            return result;
        }));
        actions.put("ListKeys", (c, in) -> Uni.createFrom().item(() -> listKeys(c, in)));
        actions.put("Encrypt", (c, in) -> Uni.createFrom().item(() -> {
            Kms.Key key = key(c, in);
            byte[] plaintext = blob(in, "Plaintext");
            if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) {
                throw validation("Plaintext must be 1 to " + MAX_PLAINTEXT + " bytes long.");
            }
            return ciphertext(key, kms.encrypt(key, plaintext, context(in)));
        }));
        actions.put("GenerateDataKey", (c, in) -> Uni.createFrom().item(() -> generateDataKey(c, in)));
        actions.put("Decrypt", (c, in) -> Uni.createFrom().item(() -> decrypt(c, in)));
        return actions;
    }

    /** Symmetric encryption keys only: the kind SES's S3 action can use. */
    private Uni<?> createKey(Caller caller, JsonNode input) {
        String spec = input.path("KeySpec").asText(input.path("CustomerMasterKeySpec").asText("SYMMETRIC_DEFAULT"));
        if (!spec.equals("SYMMETRIC_DEFAULT") || !input.path("KeyUsage").asText("ENCRYPT_DECRYPT").equals("ENCRYPT_DECRYPT")
                || !input.path("Origin").asText("AWS_KMS").equals("AWS_KMS")) {
            throw new SesException("UnsupportedOperationException", 400,
                    "Only symmetric encryption keys (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT, Origin AWS_KMS) can be created here.");
        }
        String description = input.path("Description").asText("");
        if (description.length() > 8192) {
            throw validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length "
                    + "less than or equal to 8192");
        }
        String keyId = UUID.randomUUID().toString();
        String arn = "arn:aws:kms:" + caller.region() + ":" + caller.accountId() + ":key/" + keyId;
        EventEnvelope event = EventEnvelope.of(EventType.KMS_KEY_CREATED, caller.accountId(), arn, caller.requestId(),
                new ReceiptEvents.KmsKeyCreated(arn, keyId, caller.region(), description, kms.newSealedMaterial()));
        return commands.record(caller.accountId(), event).map(ignored -> {
            ObjectNode result = EventCodec.JSON.createObjectNode();
            result.set("KeyMetadata", metadata(keys.kmsKey(caller.accountId(), arn).map(kms::usable)
                    .orElseThrow(() -> new IllegalStateException("the created key " + arn + " is not in the projection"))));
            return result;
        });
    }

    private ObjectNode listKeys(Caller caller, JsonNode input) {
        int limit = input.path("Limit").asInt(100);
        if (limit < 1 || limit > 1000) {
            throw validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must "
                    + "have value between 1 and 1000");
        }
        List<ReceiptRules.KmsKey> all = keys.kmsKeys(caller.accountId(), caller.region());
        int from = 0;
        if (input.hasNonNull("Marker")) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(input.get("Marker").asText())));
            } catch (IllegalArgumentException e) {
                throw new SesException("InvalidMarkerException", 400, "Invalid marker: " + input.get("Marker").asText());
            }
        }
        ObjectNode result = EventCodec.JSON.createObjectNode();
        ArrayNode list = result.putArray("Keys");
        all.stream().skip(from).limit(limit).forEach(k -> list.addObject().put("KeyId", k.keyId()).put("KeyArn", k.arn()));
        boolean truncated = from + limit < all.size();
        result.put("Truncated", truncated);
        if (truncated) {
            result.put("NextMarker", Base64.getUrlEncoder().encodeToString(String.valueOf(from + limit).getBytes()));
        }
        return result;
    }

    private ObjectNode generateDataKey(Caller caller, JsonNode input) {
        Kms.Key key = key(caller, input);
        int bytes;
        if (input.hasNonNull("KeySpec") == input.hasNonNull("NumberOfBytes")) {
            throw validation("Please specify either number of bytes or key spec.");
        } else if (input.hasNonNull("KeySpec")) {
            bytes = switch (input.get("KeySpec").asText()) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw validation("1 validation error detected: Value '" + input.get("KeySpec").asText() + "' at 'keySpec' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
            };
        } else {
            bytes = input.get("NumberOfBytes").asInt();
            if (bytes < 1 || bytes > 1024) {
                throw validation("1 validation error detected: Value '" + bytes + "' at 'numberOfBytes' failed to satisfy constraint: "
                        + "Member must have value between 1 and 1024");
            }
        }
        byte[] dataKey = new byte[bytes];
        RANDOM.nextBytes(dataKey);
        ObjectNode result = ciphertext(key, kms.encrypt(key, dataKey, context(input)));
        result.put("Plaintext", Base64.getEncoder().encodeToString(dataKey));
        return result;
    }

    /** A KeyId, when given, must name the key that encrypted the blob. */
    private ObjectNode decrypt(Caller caller, JsonNode input) {
        Kms.Decrypted decrypted = kms.decrypt(caller.accountId(), caller.region(), blob(input, "CiphertextBlob"), context(input));
        if (input.hasNonNull("KeyId") && !key(caller, input).arn().equals(decrypted.key().arn())) {
            throw new SesException("IncorrectKeyException", 400,
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        ObjectNode result = EventCodec.JSON.createObjectNode();
        result.put("KeyId", decrypted.key().arn());
        result.put("Plaintext", Base64.getEncoder().encodeToString(decrypted.plaintext()));
        result.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return result;
    }

    private Kms.Key key(Caller caller, JsonNode input) {
        String reference = input.path("KeyId").asText("");
        if (reference.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        }
        return kms.resolve(caller.accountId(), caller.region(), reference).orElseThrow(() -> new SesException("NotFoundException", 400,
                reference.contains("alias/") ? "Alias " + reference + " is not found." : "Key '" + reference + "' does not exist"));
    }

    private static ObjectNode ciphertext(Kms.Key key, byte[] blob) {
        ObjectNode result = EventCodec.JSON.createObjectNode();
        result.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
        result.put("KeyId", key.arn());
        result.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        return result;
    }

    private static ObjectNode metadata(Kms.Key key) {
        ObjectNode m = EventCodec.JSON.createObjectNode();
        m.put("AWSAccountId", key.accountId());
        m.put("KeyId", key.keyId());
        m.put("Arn", key.arn());
        m.put("CreationDate", key.createdAt().getEpochSecond());
        m.put("Enabled", true);
        m.put("Description", key.description());
        m.put("KeyUsage", "ENCRYPT_DECRYPT");
        m.put("KeyState", "Enabled");
        m.put("Origin", "AWS_KMS");
        m.put("KeyManager", key.awsManaged() ? "AWS" : "CUSTOMER");
        m.put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
        m.put("KeySpec", "SYMMETRIC_DEFAULT");
        m.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        m.put("MultiRegion", false);
        return m;
    }

    private static byte[] blob(JsonNode input, String member) {
        try {
            return Base64.getDecoder().decode(input.path(member).asText(""));
        } catch (IllegalArgumentException e) {
            throw validation("1 validation error detected: Value at '" + member + "' is not valid base64.");
        }
    }

    private static Map<String, String> context(JsonNode input) {
        Map<String, String> context = new LinkedHashMap<>();
        input.path("EncryptionContext").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return context;
    }

    private static SesException validation(String message) {
        return new SesException("ValidationException", 400, message);
    }
}

package dev.sesame.receipt;

import dev.sesame.testing.InternalCalls;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The KMS operations the receipt service answers (the gateway's {@code TrentService.*} requests), on a real Kafka
 * broker: keys are events, key material never leaves sealed, ciphertexts are bound to key, account, region and
 * encryption context.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class KmsActionsTest {

    static ValidatableResponse kms(String account, String region, String operation, Object body) {
        return given().contentType(ContentType.JSON).header("Authorization", InternalCalls.tenant("receipt", account, region, false, 200, 1))
                .body(body).post("/internal/kms/" + operation).then();
    }

    static ValidatableResponse kms(String account, String operation, Object body) {
        return kms(account, "us-east-1", operation, body);
    }

    static void error(ValidatableResponse response, String code) {
        response.statusCode(400).body("code", equalTo(code));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createdKeysAreDescribedListedAndEncryptAndDecryptBoundToTheirContext() {
        String a = "970000000001";
        String arn = kms(a, "CreateKey", Map.of("Description", "receipt archive")).statusCode(200)
                .body("KeyMetadata.KeyManager", equalTo("CUSTOMER")).body("KeyMetadata.KeyState", equalTo("Enabled"))
                .body("KeyMetadata.Description", equalTo("receipt archive"))
                .body("KeyMetadata.Arn", matchesPattern("arn:aws:kms:us-east-1:" + a + ":key/[0-9a-f-]{36}"))
                .extract().path("KeyMetadata.Arn");
        String keyId = arn.substring(arn.indexOf("key/") + 4);
        kms(a, "DescribeKey", Map.of("KeyId", keyId)).statusCode(200).body("KeyMetadata.Arn", equalTo(arn));
        kms(a, "DescribeKey", Map.of("KeyId", arn)).statusCode(200).body("KeyMetadata.KeyId", equalTo(keyId));
        String second = kms(a, "CreateKey", Map.of()).statusCode(200).extract().path("KeyMetadata.Arn");
        kms(a, "ListKeys", Map.of()).statusCode(200).body("Keys.KeyArn", containsInAnyOrder(arn, second)).body("Truncated", equalTo(false));
        String marker = kms(a, "ListKeys", Map.of("Limit", 1)).statusCode(200).body("Keys", hasSize(1)).body("Truncated", equalTo(true))
                .extract().path("NextMarker");
        kms(a, "ListKeys", Map.of("Limit", 1, "Marker", marker)).statusCode(200).body("Keys", hasSize(1)).body("NextMarker", nullValue());
        kms(a, "eu-west-1", "ListKeys", Map.of()).statusCode(200).body("Keys", hasSize(0));

        Map<String, String> context = Map.of("purpose", "test");
        String blob = kms(a, "Encrypt", Map.of("KeyId", keyId, "Plaintext", b64("secret"), "EncryptionContext", context)).statusCode(200)
                .body("KeyId", equalTo(arn)).extract().path("CiphertextBlob");
        kms(a, "Decrypt", Map.of("CiphertextBlob", blob, "EncryptionContext", context)).statusCode(200)
                .body("Plaintext", equalTo(b64("secret"))).body("KeyId", equalTo(arn));
        kms(a, "Decrypt", Map.of("CiphertextBlob", blob, "EncryptionContext", context, "KeyId", arn)).statusCode(200);
        error(kms(a, "Decrypt", Map.of("CiphertextBlob", blob, "EncryptionContext", Map.of("purpose", "other"))), "InvalidCiphertextException");
        error(kms(a, "Decrypt", Map.of("CiphertextBlob", blob)), "InvalidCiphertextException");
        error(kms(a, "Decrypt", Map.of("CiphertextBlob", blob, "EncryptionContext", context, "KeyId", second)), "IncorrectKeyException");
        error(kms(a, "eu-west-1", "Decrypt", Map.of("CiphertextBlob", blob, "EncryptionContext", context)), "InvalidCiphertextException");
        error(kms("970000000002", "Decrypt", Map.of("CiphertextBlob", blob, "EncryptionContext", context)), "AccessDeniedException");
        byte[] altered = Base64.getDecoder().decode(blob);
        altered[altered.length - 1] ^= 1;
        error(kms(a, "Decrypt", Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(altered), "EncryptionContext", context)),
                "InvalidCiphertextException");

        String dataKey = kms(a, "GenerateDataKey", Map.of("KeyId", arn, "KeySpec", "AES_256")).statusCode(200)
                .extract().path("Plaintext");
        assertEquals(32, Base64.getDecoder().decode(dataKey).length);
        String wrapped = kms(a, "GenerateDataKey", Map.of("KeyId", arn, "NumberOfBytes", 16)).statusCode(200).extract().path("CiphertextBlob");
        kms(a, "Decrypt", Map.of("CiphertextBlob", wrapped)).statusCode(200).body("Plaintext", not(equalTo(wrapped)));
    }

    @Test
    void theDefaultSesKeyNeedsNoCreationAndIsTheSameKeyEveryTime() {
        String a = "970000000003";
        String arn = kms(a, "DescribeKey", Map.of("KeyId", "alias/aws/ses")).statusCode(200)
                .body("KeyMetadata.KeyManager", equalTo("AWS")).extract().path("KeyMetadata.Arn");
        kms(a, "DescribeKey", Map.of("KeyId", "arn:aws:kms:us-east-1:" + a + ":alias/aws/ses")).statusCode(200)
                .body("KeyMetadata.Arn", equalTo(arn));
        String blob = kms(a, "Encrypt", Map.of("KeyId", "alias/aws/ses", "Plaintext", b64("x"))).statusCode(200).extract().path("CiphertextBlob");
        kms(a, "Decrypt", Map.of("CiphertextBlob", blob, "KeyId", "alias/aws/ses")).statusCode(200).body("KeyId", equalTo(arn));
        kms(a, "eu-west-1", "DescribeKey", Map.of("KeyId", "alias/aws/ses")).statusCode(200)
                .body("KeyMetadata.Arn", not(equalTo(arn)));
    }

    @Test
    void everyFaultIsTheErrorKmsNames() {
        String a = "970000000004";
        error(kms(a, "DescribeKey", Map.of("KeyId", "11111111-2222-3333-4444-555555555555")), "NotFoundException");
        error(kms(a, "DescribeKey", Map.of("KeyId", "alias/mine")), "NotFoundException");
        error(kms(a, "DescribeKey", Map.of()), "ValidationException");
        error(kms(a, "DescribeKey", Map.of("KeyId", "arn:aws:kms:us-east-1:970000000005:alias/aws/ses")), "AccessDeniedException");
        error(kms(a, "CreateKey", Map.of("KeySpec", "RSA_2048")), "UnsupportedOperationException");
        error(kms(a, "CreateKey", Map.of("KeyUsage", "SIGN_VERIFY")), "UnsupportedOperationException");
        error(kms(a, "Encrypt", Map.of("KeyId", "alias/aws/ses", "Plaintext", Base64.getEncoder().encodeToString(new byte[4097]))),
                "ValidationException");
        error(kms(a, "GenerateDataKey", Map.of("KeyId", "alias/aws/ses")), "ValidationException");
        error(kms(a, "GenerateDataKey", Map.of("KeyId", "alias/aws/ses", "KeySpec", "AES_512")), "ValidationException");
        error(kms(a, "GenerateDataKey", Map.of("KeyId", "alias/aws/ses", "NumberOfBytes", 2000)), "ValidationException");
        error(kms(a, "Decrypt", Map.of("CiphertextBlob", b64("not a ciphertext"))), "InvalidCiphertextException");
        error(kms(a, "ListKeys", Map.of("Limit", 0)), "ValidationException");
        kms(a, "NoSuchOperation", Map.of()).statusCode(404);
    }
}

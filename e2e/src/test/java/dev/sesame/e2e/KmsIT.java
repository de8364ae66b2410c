package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.testing.MotoS3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.InvalidS3ConfigurationException;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.materials.KmsKeyring;

/**
 * SES's encrypted S3 action on the launched stack: the tenant creates a key with the AWS SDK's KMS client against
 * the gateway, a rule stores inbound mail encrypted with it in the tenant's bucket (moto's S3), and the unchanged
 * Amazon S3 encryption client, with legacy KMS wrapping enabled as SES's mail needs, reads it back through Sesame's KMS.
 */
class KmsIT {

    @Test
    void mailAnS3ActionEncryptedIsReadBackWithTheS3EncryptionClient() throws Exception {
        SesameStack stack = SesameStack.shared();
        String account = stack.secrets.get("SESAME_ACCOUNT_ID");
        String domain = "vault.e2e.example";
        MotoS3 moto = MotoS3.shared();
        moto.createBucket("e2e-vault");
        HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/buckets"))
                .header("Authorization", "Bearer " + stack.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(Map.of("accountId", account,
                        "bucketName", "e2e-vault", "url", moto.url(), "region", "us-east-1", "accessKey", "AKIDVAULT", "secretKey", "vault-secret"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, registered.statusCode(), registered.body());

        try (KmsClient kms = KmsClient.builder().endpointOverride(stack.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
             SesClient ses = stack.ses()) {
            String keyArn = kms.createKey(r -> r.description("inbound mail")).keyMetadata().arn();
            assertEquals(keyArn, kms.describeKey(r -> r.keyId(keyArn)).keyMetadata().arn());
            assertThrows(NotFoundException.class, () -> kms.describeKey(r -> r.keyId("11111111-2222-3333-4444-555555555555")));
            assertThrows(InvalidCiphertextException.class, () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromUtf8String("nonsense"))));
            ses.createReceiptRuleSet(r -> r.ruleSetName("vault"));
            assertThrows(InvalidS3ConfigurationException.class, () -> ses.createReceiptRule(r -> r.ruleSetName("vault").rule(rule -> rule
                    .name("foreign").actions(a -> a.s3Action(s3 -> s3.bucketName("e2e-vault")
                            .kmsKeyArn("arn:aws:kms:us-east-1:999999999999:alias/aws/ses"))))));

            stack.run("aws", "ses", "verify-domain-identity", "--domain", domain);
            stack.sesame("identity", "verify", domain);
            ses.createReceiptRule(r -> r.ruleSetName("vault").rule(rule -> rule.name("seal").enabled(true).recipients(domain)
                    .actions(a -> a.s3Action(s3 -> s3.bucketName("e2e-vault").objectKeyPrefix("sealed").kmsKeyArn(keyArn)))));
            ses.setActiveReceiptRuleSet(r -> r.ruleSetName("vault"));
            String id = ReceiptRulesIT.deliverInbound(stack, "someone@outside.example", "secret@" + domain, "sealed", "for your eyes only");
            String key = "sealed/" + id;
            SesameStack.eventually("the encrypted object", () -> {
                try {
                    return moto.keys("e2e-vault").contains(key);
                } catch (Exception e) {
                    return false;
                }
            });
            assertFalse(moto.get("e2e-vault", key, "AKIDVAULT", "vault-secret").contains("for your eyes only"), "stored encrypted");
            ses.setActiveReceiptRuleSet(r -> { });

            StaticCredentialsProvider s3Credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDVAULT", "vault-secret"));
            URI s3Endpoint = URI.create(moto.url());
            try (S3Client s3 = S3EncryptionClient.builder()
                    .wrappedClient(S3Client.builder().endpointOverride(s3Endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                            .credentialsProvider(s3Credentials).httpClient(UrlConnectionHttpClient.create()).build())
                    .wrappedAsyncClient(S3AsyncClient.builder().endpointOverride(s3Endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                            .credentialsProvider(s3Credentials).build())
                    .keyring(KmsKeyring.builder().kmsClient(kms).wrappingKeyId(keyArn).enableLegacyWrappingAlgorithms(true).build())
                    .build()) {
                String message = s3.getObjectAsBytes(r -> r.bucket("e2e-vault").key(key)).asString(StandardCharsets.UTF_8);
                assertTrue(message.contains("Subject: sealed") && message.contains("for your eyes only"), message);
            }
        }
        String described = stack.run("aws", "kms", "describe-key", "--key-id", "alias/aws/ses");
        assertEquals("AWS", new ObjectMapper().readTree(described).at("/KeyMetadata/KeyManager").asText(), described);
    }
}

package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.CannotDeleteException;

/** Receipt rule sets on the launched stack with the AWS CLI and the Java SDK. */
class ReceiptRulesIT {

    @Test
    void theCliAndTheSdkManageRuleSetsRulesAndTheActiveSet() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "inbound");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "inbound", "--rule",
                "{\"Name\":\"store\",\"Enabled\":true,\"Recipients\":[\"in.e2e.example\"],"
                        + "\"Actions\":[{\"S3Action\":{\"BucketName\":\"mail-in\",\"ObjectKeyPrefix\":\"in/\"}}]}");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "inbound", "--rule",
                "{\"Name\":\"tag\",\"Actions\":[{\"AddHeaderAction\":{\"HeaderName\":\"X-Seen\",\"HeaderValue\":\"yes\"}}]}");
        JsonNode described = new ObjectMapper().readTree(stack.run("aws", "ses", "describe-receipt-rule-set", "--rule-set-name", "inbound"));
        assertEquals("tag", described.at("/Rules/0/Name").asText(), "a rule created without After goes first");
        assertEquals("mail-in", described.at("/Rules/1/Actions/0/S3Action/BucketName").asText());
        try (SesClient ses = stack.ses()) {
            ses.setActiveReceiptRuleSet(r -> r.ruleSetName("inbound"));
            assertEquals("inbound", ses.describeActiveReceiptRuleSet(r -> { }).metadata().name());
            assertThrows(CannotDeleteException.class, () -> ses.deleteReceiptRuleSet(r -> r.ruleSetName("inbound")));
            ses.setActiveReceiptRuleSet(r -> { });
            ses.deleteReceiptRuleSet(r -> r.ruleSetName("inbound"));
        }
    }

    @Test
    void mailSentWithJakartaMailToTheInboundPortIsStoredByTheActiveRules() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "inbox.e2e.example");
        stack.sesame("identity", "verify", "inbox.e2e.example");
        stack.run("aws", "ses", "create-receipt-rule-set", "--rule-set-name", "receiving");
        stack.run("aws", "ses", "create-receipt-rule", "--rule-set-name", "receiving", "--rule",
                "{\"Name\":\"keep\",\"Enabled\":true,\"Recipients\":[\"inbox.e2e.example\"],\"Actions\":["
                        + "{\"AddHeaderAction\":{\"HeaderName\":\"X-Received-By\",\"HeaderValue\":\"sesame\"}},"
                        + "{\"S3Action\":{\"BucketName\":\"received\",\"ObjectKeyPrefix\":\"e2e/\"}}]}");
        stack.run("aws", "ses", "set-active-receipt-rule-set", "--rule-set-name", "receiving");
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(stack.base + 7));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(props);
        jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(session);
        message.setFrom("someone@outside.example");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "hello@inbox.e2e.example");
        message.setSubject("inbound");
        message.setText("delivered to Sesame");
        java.nio.file.Path bucket = stack.home.resolve("receipt-objects/received/e2e");
        SesameStack.eventually("the receiving service knows the domain", () -> {
            try {
                jakarta.mail.Transport.send(message);
                return true;
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        });
        SesameStack.eventually("the stored message", () -> java.nio.file.Files.exists(bucket));
        try (var objects = java.nio.file.Files.list(bucket)) {
            String stored = java.nio.file.Files.readString(objects.findFirst().orElseThrow());
            org.junit.jupiter.api.Assertions.assertTrue(stored.startsWith("X-Received-By: sesame"), stored);
            org.junit.jupiter.api.Assertions.assertTrue(stored.contains("delivered to Sesame"), stored);
        }
    }
}

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
}

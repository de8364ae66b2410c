package dev.sesame.eventlog.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The events of {@code sesame.receipt.events} (schemas in {@code docs/events/receipt/}), keyed by tenant. Rules and
 * filters are kept as the API's own shapes (ReceiptRule, ReceiptFilter), which the schemas describe.
 */
public final class ReceiptEvents {

    /** CreateReceiptRuleSet (no rules) or CloneReceiptRuleSet (the original's rules, in order). */
    public record RuleSetCreated(String ruleSet, List<ObjectNode> rules) {
    }

    public record RuleSetDeleted(String ruleSet) {
    }

    /** @param ruleSet null: no rule set is active */
    public record ActiveRuleSetSet(String ruleSet) {
    }

    public record RuleSetReordered(String ruleSet, List<String> ruleNames) {
    }

    /** @param after the rule the new one follows, or null for the first position */
    public record RuleCreated(String ruleSet, JsonNode rule, String after) {
    }

    public record RuleUpdated(String ruleSet, JsonNode rule) {
    }

    public record RuleDeleted(String ruleSet, String ruleName) {
    }

    /** @param after the rule it now follows, or null for the first position */
    public record RulePositionSet(String ruleSet, String ruleName, String after) {
    }

    public record FilterCreated(JsonNode filter) {
    }

    public record FilterDeleted(String filterName) {
    }

    /**
     * What the active rule set did with a received message.
     *
     * @param storedObjects {@code <bucket>/<key>} of each S3 action
     * @param failures actions that could not do their work, each {@code <Action> <ARN>: <why>}
     */
    public record MessageReceived(String messageId, String source, List<String> recipients, String ruleSet, List<String> matchedRules,
                                  List<String> actions, List<String> storedObjects, List<String> failures) {
    }

    /** A receipt notification for the events service to publish to the topic's subscribers. */
    public record NotificationRequested(String topicArn, String subject, String message) {
    }

    /** @param sendBounce the SendBounce request the sending service carries out, as the API names its members */
    public record BounceRequested(String messageId, String source, JsonNode sendBounce) {
    }

    public record FunctionRegistered(String functionArn, String endpoint) {
    }

    public record WorkMailOrganizationRegistered(String organizationArn, String smtpHost) {
    }

    /** @param sealedSecretKey the store's secret key, sealed under the platform's secret key, or null */
    public record BucketRegistered(String bucketName, String url, String region, String accessKey, String sealedSecretKey) {
    }

    /** @param sealedKeyMaterial the key's material, sealed under the platform's key-encryption key */
    public record KmsKeyCreated(String keyArn, String keyId, String region, String description, String sealedKeyMaterial) {
    }

    private ReceiptEvents() {
    }
}

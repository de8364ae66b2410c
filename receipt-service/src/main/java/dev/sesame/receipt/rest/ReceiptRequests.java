package dev.sesame.receipt.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The receipt service's SES requests: one record per action, components named after the model's members
 * (structures as records of their own); {@code ActionRoutingTest} holds each equal to the action's input shape.
 */
public final class ReceiptRequests {

    private ReceiptRequests() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateReceiptRuleSetRequest(String ruleSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CloneReceiptRuleSetRequest(String ruleSetName, String originalRuleSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteReceiptRuleSetRequest(String ruleSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DescribeReceiptRuleSetRequest(String ruleSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListReceiptRuleSetsRequest(String nextToken) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetActiveReceiptRuleSetRequest(String ruleSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DescribeActiveReceiptRuleSetRequest() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReorderReceiptRuleSetRequest(String ruleSetName, List<String> ruleNames) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateReceiptRuleRequest(String ruleSetName, String after, ReceiptRule rule) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateReceiptRuleRequest(String ruleSetName, ReceiptRule rule) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteReceiptRuleRequest(String ruleSetName, String ruleName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DescribeReceiptRuleRequest(String ruleSetName, String ruleName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetReceiptRulePositionRequest(String ruleSetName, String ruleName, String after) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateReceiptFilterRequest(ReceiptFilter filter) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteReceiptFilterRequest(String filterName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListReceiptFiltersRequest() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReceiptRule(String name, Boolean enabled, String tlsPolicy, List<String> recipients,
                              List<ReceiptAction> actions, Boolean scanEnabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReceiptFilter(String name, ReceiptIpFilter ipFilter) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReceiptAction(S3Action s3Action, BounceAction bounceAction, WorkmailAction workmailAction,
                                LambdaAction lambdaAction, StopAction stopAction, AddHeaderAction addHeaderAction,
                                @JsonProperty("SNSAction") SNSAction snsAction, ConnectAction connectAction) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ReceiptIpFilter(String policy, String cidr) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record S3Action(String topicArn, String bucketName, String objectKeyPrefix, String kmsKeyArn, String iamRoleArn) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record BounceAction(String topicArn, String smtpReplyCode, String statusCode, String message, String sender) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record WorkmailAction(String topicArn, String organizationArn) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record LambdaAction(String topicArn, String functionArn, String invocationType) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record StopAction(String scope, String topicArn) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record AddHeaderAction(String headerName, String headerValue) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SNSAction(String topicArn, String encoding) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ConnectAction(String instanceARN, @JsonProperty("IAMRoleARN") String iamRoleARN) {
    }
}


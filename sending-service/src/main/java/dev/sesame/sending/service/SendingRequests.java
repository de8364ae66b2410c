package dev.sesame.sending.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The sending service's SES requests: one record per action, components named after the model's members
 * (structures as records of their own); {@code ActionRoutingTest} holds each equal to the action's input shape.
 */
public final class SendingRequests {

    private SendingRequests() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SendEmailRequest(String source, Destination destination, Message message, List<String> replyToAddresses,
                                   String returnPath, String sourceArn, String returnPathArn, List<MessageTag> tags,
                                   String configurationSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SendRawEmailRequest(String source, List<String> destinations, RawMessage rawMessage, String fromArn,
                                      String sourceArn, String returnPathArn, List<MessageTag> tags,
                                      String configurationSetName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SendTemplatedEmailRequest(String source, Destination destination, List<String> replyToAddresses,
                                            String returnPath, String sourceArn, String returnPathArn, List<MessageTag> tags,
                                            String configurationSetName, String template, String templateArn,
                                            String templateData) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SendBulkTemplatedEmailRequest(String source, String sourceArn, List<String> replyToAddresses,
                                                String returnPath, String returnPathArn, String configurationSetName,
                                                List<MessageTag> defaultTags, String template, String templateArn,
                                                String defaultTemplateData, List<BulkEmailDestination> destinations) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SendBounceRequest(String originalMessageId, String bounceSender, String explanation, MessageDsn messageDsn,
                                    List<BouncedRecipientInfo> bouncedRecipientInfoList, String bounceSenderArn) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetSendQuotaRequest() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetSendStatisticsRequest() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetAccountSendingEnabledRequest() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateAccountSendingEnabledRequest(Boolean enabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateTemplateRequest(Template template) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateTemplateRequest(Template template) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteTemplateRequest(String templateName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetTemplateRequest(String templateName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListTemplatesRequest(String nextToken, Integer maxItems) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record TestRenderTemplateRequest(String templateName, String templateData) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Destination(List<String> toAddresses, List<String> ccAddresses, List<String> bccAddresses) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Message(Content subject, Body body) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record MessageTag(String name, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record RawMessage(String data) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record BulkEmailDestination(Destination destination, List<MessageTag> replacementTags,
                                       String replacementTemplateData) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record MessageDsn(String reportingMta, String arrivalDate, List<ExtensionField> extensionFields) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record BouncedRecipientInfo(String recipient, String recipientArn, String bounceType,
                                       RecipientDsnFields recipientDsnFields) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Template(String templateName, String subjectPart, String textPart, String htmlPart) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Content(String data, String charset) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Body(Content text, Content html) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ExtensionField(String name, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record RecipientDsnFields(String finalRecipient, String action, String remoteMta, String status,
                                     String diagnosticCode, String lastAttemptDate, List<ExtensionField> extensionFields) {
    }
}


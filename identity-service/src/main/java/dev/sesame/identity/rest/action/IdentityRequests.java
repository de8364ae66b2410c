package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The identity service's SES requests: one record per action, components named after the model's members
 * (structures as records of their own); {@code ActionRoutingTest} holds each equal to the action's input shape.
 */
public final class IdentityRequests {

    private IdentityRequests() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyEmailIdentityRequest(String emailAddress) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyEmailAddressRequest(String emailAddress) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyDomainIdentityRequest(String domain) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record VerifyDomainDkimRequest(String domain) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteIdentityRequest(String identity) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteVerifiedEmailAddressRequest(String emailAddress) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListIdentitiesRequest(String identityType, String nextToken, Integer maxItems) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListVerifiedEmailAddressesRequest() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetIdentityVerificationAttributesRequest(List<String> identities) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetIdentityDkimAttributesRequest(List<String> identities) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetIdentityDkimEnabledRequest(String identity, Boolean dkimEnabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetIdentityMailFromDomainRequest(String identity, String mailFromDomain, String behaviorOnMXFailure) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetIdentityMailFromDomainAttributesRequest(List<String> identities) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetIdentityNotificationTopicRequest(String identity, String notificationType, String snsTopic) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetIdentityFeedbackForwardingEnabledRequest(String identity, Boolean forwardingEnabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SetIdentityHeadersInNotificationsEnabledRequest(String identity, String notificationType, Boolean enabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetIdentityNotificationAttributesRequest(List<String> identities) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record PutIdentityPolicyRequest(String identity, String policyName, String policy) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteIdentityPolicyRequest(String identity, String policyName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetIdentityPoliciesRequest(String identity, List<String> policyNames) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListIdentityPoliciesRequest(String identity) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record CreateCustomVerificationEmailTemplateRequest(String templateName, String fromEmailAddress,
                                                               String templateSubject, String templateContent,
                                                               String successRedirectionURL, String failureRedirectionURL) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record UpdateCustomVerificationEmailTemplateRequest(String templateName, String fromEmailAddress,
                                                               String templateSubject, String templateContent,
                                                               String successRedirectionURL, String failureRedirectionURL) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record DeleteCustomVerificationEmailTemplateRequest(String templateName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record GetCustomVerificationEmailTemplateRequest(String templateName) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record ListCustomVerificationEmailTemplatesRequest(String nextToken, Integer maxResults) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record SendCustomVerificationEmailRequest(String emailAddress, String templateName, String configurationSetName) {
    }
}


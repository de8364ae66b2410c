package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The typed results of the identity actions, named as the SES model names their members. */
final class Results {

    private Results() {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifyDomainIdentityResult(String verificationToken) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListIdentitiesResult(List<String> identities, String nextToken) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record ListVerifiedEmailAddressesResult(List<String> verifiedEmailAddresses) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IdentityVerificationAttributes(String verificationStatus, String verificationToken) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetIdentityVerificationAttributesResult(Map<String, IdentityVerificationAttributes> verificationAttributes) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IdentityNotificationAttributes(String bounceTopic, String complaintTopic, String deliveryTopic,
                                          boolean forwardingEnabled, boolean headersInBounceNotificationsEnabled,
                                          boolean headersInComplaintNotificationsEnabled,
                                          boolean headersInDeliveryNotificationsEnabled) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetIdentityNotificationAttributesResult(Map<String, IdentityNotificationAttributes> notificationAttributes) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IdentityMailFromDomainAttributes(String mailFromDomain, String mailFromDomainStatus, String behaviorOnMXFailure) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetIdentityMailFromDomainAttributesResult(Map<String, IdentityMailFromDomainAttributes> mailFromDomainAttributes) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IdentityDkimAttributes(boolean dkimEnabled, String dkimVerificationStatus, List<String> dkimTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetIdentityDkimAttributesResult(Map<String, IdentityDkimAttributes> dkimAttributes) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record VerifyDomainDkimResult(List<String> dkimTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record GetIdentityPoliciesResult(Map<String, String> policies) {
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    record ListIdentityPoliciesResult(List<String> policyNames) {
    }

    /** Actions whose result has no members. */
    record Empty() {
    }
}

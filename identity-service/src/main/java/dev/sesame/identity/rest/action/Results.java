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

    /** Actions whose result has no members. */
    record Empty() {
    }
}

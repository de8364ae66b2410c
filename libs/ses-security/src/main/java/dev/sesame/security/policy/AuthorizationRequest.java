package dev.sesame.security.policy;

import java.util.List;
import java.util.Map;

/**
 * A sender asking to use an identity it does not own.
 *
 * @param callerAccountId the sending tenant's account id
 * @param action {@code ses:SendEmail} or {@code ses:SendRawEmail}
 * @param resourceArn the identity's ARN ({@code arn:aws:ses:<region>:<owner>:identity/<identity>})
 * @param context condition keys and their values: {@code ses:FromAddress}, {@code ses:Recipients},
 *     {@code ses:FromDisplayName}, {@code aws:SourceIp}, {@code aws:CurrentTime} (ISO 8601)
 */
public record AuthorizationRequest(String callerAccountId, String action, String resourceArn, Map<String, List<String>> context) {

    /** The caller as a principal ARN: Sesame tenants act as their account root. */
    public String callerArn() {
        return "arn:aws:iam::" + callerAccountId + ":root";
    }
}

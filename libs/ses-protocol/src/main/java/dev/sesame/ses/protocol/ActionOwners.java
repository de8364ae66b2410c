package dev.sesame.ses.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one routing table: which service owns each SES action (and each SES v2 operation that has no v1 action). The
 * gateway routes by it; each service's test holds what it registers equal to its entries here, and the gateway's
 * that every action of the model has an owner. KMS's operations all belong to the receipt service.
 */
public final class ActionOwners {

    public static final String IDENTITY = "identity";
    public static final String SENDING = "sending";
    public static final String RECEIPT = "receipt";
    public static final String EVENTS = "events";

    private static final Map<String, List<String>> ACTIONS = Map.of(
            IDENTITY, List.of(
                    "VerifyEmailIdentity", "VerifyEmailAddress", "VerifyDomainIdentity", "VerifyDomainDkim", "DeleteIdentity",
                    "DeleteVerifiedEmailAddress", "ListIdentities", "ListVerifiedEmailAddresses", "GetIdentityVerificationAttributes",
                    "GetIdentityDkimAttributes", "SetIdentityDkimEnabled", "SetIdentityMailFromDomain",
                    "GetIdentityMailFromDomainAttributes", "SetIdentityNotificationTopic", "SetIdentityFeedbackForwardingEnabled",
                    "SetIdentityHeadersInNotificationsEnabled", "GetIdentityNotificationAttributes", "PutIdentityPolicy",
                    "DeleteIdentityPolicy", "GetIdentityPolicies", "ListIdentityPolicies", "CreateCustomVerificationEmailTemplate",
                    "UpdateCustomVerificationEmailTemplate", "DeleteCustomVerificationEmailTemplate",
                    "GetCustomVerificationEmailTemplate", "ListCustomVerificationEmailTemplates", "SendCustomVerificationEmail"),
            SENDING, List.of(
                    "SendEmail", "SendRawEmail", "SendTemplatedEmail", "SendBulkTemplatedEmail", "SendBounce", "GetSendQuota",
                    "GetSendStatistics", "GetAccountSendingEnabled", "UpdateAccountSendingEnabled", "CreateTemplate",
                    "UpdateTemplate", "DeleteTemplate", "GetTemplate", "ListTemplates", "TestRenderTemplate",
                    // SES v2 only: the account-level suppression list.
                    "PutSuppressedDestination", "GetSuppressedDestination", "DeleteSuppressedDestination",
                    "ListSuppressedDestinations"),
            RECEIPT, List.of(
                    "CreateReceiptRuleSet", "CloneReceiptRuleSet", "DeleteReceiptRuleSet", "DescribeReceiptRuleSet",
                    "ListReceiptRuleSets", "SetActiveReceiptRuleSet", "DescribeActiveReceiptRuleSet", "ReorderReceiptRuleSet",
                    "CreateReceiptRule", "UpdateReceiptRule", "DeleteReceiptRule", "DescribeReceiptRule", "SetReceiptRulePosition",
                    "CreateReceiptFilter", "DeleteReceiptFilter", "ListReceiptFilters"),
            EVENTS, List.of(
                    "CreateConfigurationSet", "DeleteConfigurationSet", "DescribeConfigurationSet", "ListConfigurationSets",
                    "CreateConfigurationSetEventDestination", "UpdateConfigurationSetEventDestination",
                    "DeleteConfigurationSetEventDestination", "UpdateConfigurationSetSendingEnabled",
                    "UpdateConfigurationSetReputationMetricsEnabled", "PutConfigurationSetDeliveryOptions",
                    "CreateConfigurationSetTrackingOptions", "UpdateConfigurationSetTrackingOptions",
                    "DeleteConfigurationSetTrackingOptions"));

    private static final Map<String, String> OWNER = ownerByAction();

    private ActionOwners() {
    }

    private static Map<String, String> ownerByAction() {
        Map<String, String> owners = new java.util.HashMap<>();
        ACTIONS.forEach((service, actions) -> actions.forEach(action -> {
            if (owners.put(action, service) != null) {
                throw new IllegalStateException(action + " has two owners");
            }
        }));
        return Map.copyOf(owners);
    }

    /** The service that owns an action, or null for an action nobody has built. */
    public static String ownerOf(String action) {
        return OWNER.get(action);
    }

    /** The actions a service owns. */
    public static Set<String> actionsOf(String service) {
        return new TreeSet<>(ACTIONS.getOrDefault(service, List.of()));
    }

    /** Every action with an owner. */
    public static Set<String> all() {
        return new TreeSet<>(OWNER.keySet());
    }
}

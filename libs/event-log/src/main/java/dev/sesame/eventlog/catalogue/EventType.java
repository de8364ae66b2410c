package dev.sesame.eventlog.catalogue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every type of event the services write, with the topic it is written to. The JSON Schema of each is in
 * {@code docs/events/<domain>/<type>.schema.json} (the SES event-publishing types share
 * {@code sending/ses-event-record.schema.json}); a test holds the two lists equal.
 */
public enum EventType {

    IDENTITY_VERIFICATION_REQUESTED("IdentityVerificationRequested", Topics.IDENTITY),
    IDENTITY_CONFIRMATION_MAILED("IdentityConfirmationMailed", Topics.IDENTITY),
    IDENTITY_VERIFICATION_STATUS_CHANGED("IdentityVerificationStatusChanged", Topics.IDENTITY),
    IDENTITY_DELETED("IdentityDeleted", Topics.IDENTITY),
    IDENTITY_DKIM_KEYS_CREATED("IdentityDkimKeysCreated", Topics.IDENTITY),
    IDENTITY_DKIM_ENABLED_SET("IdentityDkimEnabledSet", Topics.IDENTITY),
    IDENTITY_DKIM_STATUS_CHANGED("IdentityDkimStatusChanged", Topics.IDENTITY),
    IDENTITY_MAIL_FROM_DOMAIN_SET("IdentityMailFromDomainSet", Topics.IDENTITY),
    IDENTITY_MAIL_FROM_STATUS_CHANGED("IdentityMailFromStatusChanged", Topics.IDENTITY),
    IDENTITY_NOTIFICATION_TOPIC_SET("IdentityNotificationTopicSet", Topics.IDENTITY),
    IDENTITY_FEEDBACK_FORWARDING_SET("IdentityFeedbackForwardingSet", Topics.IDENTITY),
    IDENTITY_HEADERS_IN_NOTIFICATIONS_SET("IdentityHeadersInNotificationsSet", Topics.IDENTITY),
    IDENTITY_POLICY_PUT("IdentityPolicyPut", Topics.IDENTITY),
    IDENTITY_POLICY_DELETED("IdentityPolicyDeleted", Topics.IDENTITY),

    CUSTOM_VERIFICATION_EMAIL_TEMPLATE_CREATED("CustomVerificationEmailTemplateCreated", Topics.VERIFICATION_TEMPLATES),
    CUSTOM_VERIFICATION_EMAIL_TEMPLATE_UPDATED("CustomVerificationEmailTemplateUpdated", Topics.VERIFICATION_TEMPLATES),
    CUSTOM_VERIFICATION_EMAIL_TEMPLATE_DELETED("CustomVerificationEmailTemplateDeleted", Topics.VERIFICATION_TEMPLATES),

    SEND("Send", Topics.SENDING),
    REJECT("Reject", Topics.SENDING),
    BOUNCE("Bounce", Topics.SENDING),
    COMPLAINT("Complaint", Topics.SENDING),
    DELIVERY("Delivery", Topics.SENDING),
    OPEN("Open", Topics.SENDING),
    CLICK("Click", Topics.SENDING),
    RENDERING_FAILURE("Rendering Failure", Topics.SENDING),

    MESSAGE_ACCEPTED("MessageAccepted", Topics.MESSAGES),
    SUPPRESSED_DESTINATION_PUT("SuppressedDestinationPut", Topics.SUPPRESSION),
    SUPPRESSED_DESTINATION_DELETED("SuppressedDestinationDeleted", Topics.SUPPRESSION),
    TEMPLATE_CREATED("TemplateCreated", Topics.TEMPLATES),
    TEMPLATE_UPDATED("TemplateUpdated", Topics.TEMPLATES),
    TEMPLATE_DELETED("TemplateDeleted", Topics.TEMPLATES),
    ACCOUNT_SENDING_ENABLED_SET("AccountSendingEnabledSet", Topics.ACCOUNT),
    MESSAGE_TRACKED("MessageTracked", Topics.TRACKING),

    CONFIGURATION_SET_CREATED("ConfigurationSetCreated", Topics.CONFIGURATION_SETS),
    CONFIGURATION_SET_DELETED("ConfigurationSetDeleted", Topics.CONFIGURATION_SETS),
    EVENT_DESTINATION_CREATED("EventDestinationCreated", Topics.CONFIGURATION_SETS),
    EVENT_DESTINATION_UPDATED("EventDestinationUpdated", Topics.CONFIGURATION_SETS),
    EVENT_DESTINATION_DELETED("EventDestinationDeleted", Topics.CONFIGURATION_SETS),
    DELIVERY_STREAM_REGISTERED("DeliveryStreamRegistered", Topics.CONFIGURATION_SETS),
    CONFIGURATION_SET_SENDING_ENABLED_SET("ConfigurationSetSendingEnabledSet", Topics.CONFIGURATION_SETS),
    CONFIGURATION_SET_REPUTATION_METRICS_ENABLED_SET("ConfigurationSetReputationMetricsEnabledSet", Topics.CONFIGURATION_SETS),
    CONFIGURATION_SET_DELIVERY_OPTIONS_PUT("ConfigurationSetDeliveryOptionsPut", Topics.CONFIGURATION_SETS),
    CONFIGURATION_SET_TRACKING_OPTIONS_SET("ConfigurationSetTrackingOptionsSet", Topics.CONFIGURATION_SETS),
    CONFIGURATION_SET_TRACKING_OPTIONS_DELETED("ConfigurationSetTrackingOptionsDeleted", Topics.CONFIGURATION_SETS),

    TOPIC_SUBSCRIBED("TopicSubscribed", Topics.NOTIFICATIONS),
    TOPIC_UNSUBSCRIBED("TopicUnsubscribed", Topics.NOTIFICATIONS),

    RECEIPT_RULE_SET_CREATED("ReceiptRuleSetCreated", Topics.RECEIPT),
    RECEIPT_RULE_SET_DELETED("ReceiptRuleSetDeleted", Topics.RECEIPT),
    ACTIVE_RECEIPT_RULE_SET_SET("ActiveReceiptRuleSetSet", Topics.RECEIPT),
    RECEIPT_RULE_SET_REORDERED("ReceiptRuleSetReordered", Topics.RECEIPT),
    RECEIPT_RULE_CREATED("ReceiptRuleCreated", Topics.RECEIPT),
    RECEIPT_RULE_UPDATED("ReceiptRuleUpdated", Topics.RECEIPT),
    RECEIPT_RULE_DELETED("ReceiptRuleDeleted", Topics.RECEIPT),
    RECEIPT_RULE_POSITION_SET("ReceiptRulePositionSet", Topics.RECEIPT),
    RECEIPT_FILTER_CREATED("ReceiptFilterCreated", Topics.RECEIPT),
    RECEIPT_FILTER_DELETED("ReceiptFilterDeleted", Topics.RECEIPT),
    MESSAGE_RECEIVED("MessageReceived", Topics.RECEIPT),
    RECEIPT_NOTIFICATION_REQUESTED("ReceiptNotificationRequested", Topics.RECEIPT),
    BOUNCE_REQUESTED("BounceRequested", Topics.RECEIPT),
    FUNCTION_REGISTERED("FunctionRegistered", Topics.RECEIPT),
    WORK_MAIL_ORGANIZATION_REGISTERED("WorkMailOrganizationRegistered", Topics.RECEIPT),
    BUCKET_REGISTERED("BucketRegistered", Topics.RECEIPT),
    KMS_KEY_CREATED("KmsKeyCreated", Topics.RECEIPT),

    /** A type this catalogue does not know (a newer writer's, or a test's): readers skip it. */
    UNCATALOGUED(null, null);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values()).filter(type -> type != UNCATALOGUED)
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final String topic;

    EventType(String wireName, String topic) {
        this.wireName = wireName;
        this.topic = topic;
    }

    /** The envelope's {@code type}, as operators read it in the topic. */
    public String wireName() {
        return wireName;
    }

    /** The topic events of this type are written to. */
    public String topic() {
        return topic;
    }

    /** The version of this type's payload schema that is written now. */
    public int schemaVersion() {
        return 1;
    }

    /** The type an envelope names; {@link #UNCATALOGUED} for one this catalogue does not know. */
    public static EventType of(String wireName) {
        return wireName == null ? UNCATALOGUED : BY_NAME.getOrDefault(wireName, UNCATALOGUED);
    }

    /** Whether an envelope's type is this one. */
    public boolean is(String wireName) {
        return this != UNCATALOGUED && this.wireName.equals(wireName);
    }
}

package dev.sesame.eventlog.catalogue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every type of event the services write, with the topic it is written to and the record its payload is. The JSON
 * Schema of each is in {@code docs/events/<domain>/<type>.schema.json} (the SES event-publishing types share
 * {@code sending/ses-event-record.schema.json}); tests hold the types equal to the schemas, and each payload record's
 * JSON to its schema.
 */
public enum EventType {

    IDENTITY_VERIFICATION_REQUESTED("IdentityVerificationRequested", Topics.IDENTITY, IdentityEvents.VerificationRequested.class),
    IDENTITY_CONFIRMATION_MAILED("IdentityConfirmationMailed", Topics.IDENTITY, IdentityEvents.ConfirmationMailed.class),
    IDENTITY_VERIFICATION_STATUS_CHANGED("IdentityVerificationStatusChanged", Topics.IDENTITY,
            IdentityEvents.VerificationStatusChanged.class),
    IDENTITY_DELETED("IdentityDeleted", Topics.IDENTITY, IdentityEvents.Deleted.class),
    IDENTITY_DKIM_KEYS_CREATED("IdentityDkimKeysCreated", Topics.IDENTITY, IdentityEvents.DkimKeysCreated.class),
    IDENTITY_DKIM_ENABLED_SET("IdentityDkimEnabledSet", Topics.IDENTITY, IdentityEvents.DkimEnabledSet.class),
    IDENTITY_DKIM_STATUS_CHANGED("IdentityDkimStatusChanged", Topics.IDENTITY, IdentityEvents.DkimStatusChanged.class),
    IDENTITY_MAIL_FROM_DOMAIN_SET("IdentityMailFromDomainSet", Topics.IDENTITY, IdentityEvents.MailFromDomainSet.class),
    IDENTITY_MAIL_FROM_STATUS_CHANGED("IdentityMailFromStatusChanged", Topics.IDENTITY, IdentityEvents.MailFromStatusChanged.class),
    IDENTITY_NOTIFICATION_TOPIC_SET("IdentityNotificationTopicSet", Topics.IDENTITY, IdentityEvents.NotificationTopicSet.class),
    IDENTITY_FEEDBACK_FORWARDING_SET("IdentityFeedbackForwardingSet", Topics.IDENTITY, IdentityEvents.FeedbackForwardingSet.class),
    IDENTITY_HEADERS_IN_NOTIFICATIONS_SET("IdentityHeadersInNotificationsSet", Topics.IDENTITY,
            IdentityEvents.HeadersInNotificationsSet.class),
    IDENTITY_POLICY_PUT("IdentityPolicyPut", Topics.IDENTITY, IdentityEvents.PolicyPut.class),
    IDENTITY_POLICY_DELETED("IdentityPolicyDeleted", Topics.IDENTITY, IdentityEvents.PolicyDeleted.class),

    CUSTOM_VERIFICATION_EMAIL_TEMPLATE_CREATED("CustomVerificationEmailTemplateCreated", Topics.VERIFICATION_TEMPLATES,
            VerificationTemplateEvents.TemplatePut.class),
    CUSTOM_VERIFICATION_EMAIL_TEMPLATE_UPDATED("CustomVerificationEmailTemplateUpdated", Topics.VERIFICATION_TEMPLATES,
            VerificationTemplateEvents.TemplatePut.class),
    CUSTOM_VERIFICATION_EMAIL_TEMPLATE_DELETED("CustomVerificationEmailTemplateDeleted", Topics.VERIFICATION_TEMPLATES,
            VerificationTemplateEvents.TemplateDeleted.class),

    SEND("Send", Topics.SENDING, SendingEvents.SesEventRecord.class),
    REJECT("Reject", Topics.SENDING, SendingEvents.SesEventRecord.class),
    BOUNCE("Bounce", Topics.SENDING, SendingEvents.SesEventRecord.class),
    COMPLAINT("Complaint", Topics.SENDING, SendingEvents.SesEventRecord.class),
    DELIVERY("Delivery", Topics.SENDING, SendingEvents.SesEventRecord.class),
    OPEN("Open", Topics.SENDING, SendingEvents.SesEventRecord.class),
    CLICK("Click", Topics.SENDING, SendingEvents.SesEventRecord.class),
    RENDERING_FAILURE("Rendering Failure", Topics.SENDING, SendingEvents.SesEventRecord.class),

    MESSAGE_ACCEPTED("MessageAccepted", Topics.MESSAGES, SendingEvents.OutboundMessage.class),
    SUPPRESSED_DESTINATION_PUT("SuppressedDestinationPut", Topics.SUPPRESSION, SendingEvents.SuppressedDestinationPut.class),
    SUPPRESSED_DESTINATION_DELETED("SuppressedDestinationDeleted", Topics.SUPPRESSION, SendingEvents.SuppressedDestinationDeleted.class),
    TEMPLATE_CREATED("TemplateCreated", Topics.TEMPLATES, SendingEvents.TemplatePut.class),
    TEMPLATE_UPDATED("TemplateUpdated", Topics.TEMPLATES, SendingEvents.TemplatePut.class),
    TEMPLATE_DELETED("TemplateDeleted", Topics.TEMPLATES, SendingEvents.TemplateDeleted.class),
    ACCOUNT_SENDING_ENABLED_SET("AccountSendingEnabledSet", Topics.ACCOUNT, SendingEvents.AccountSendingEnabledSet.class),
    MESSAGE_TRACKED("MessageTracked", Topics.TRACKING, SendingEvents.MessageTracked.class),

    CONFIGURATION_SET_CREATED("ConfigurationSetCreated", Topics.CONFIGURATION_SETS, ConfigurationSetEvents.Created.class),
    CONFIGURATION_SET_DELETED("ConfigurationSetDeleted", Topics.CONFIGURATION_SETS, ConfigurationSetEvents.Deleted.class),
    EVENT_DESTINATION_CREATED("EventDestinationCreated", Topics.CONFIGURATION_SETS, ConfigurationSetEvents.DestinationChanged.class),
    EVENT_DESTINATION_UPDATED("EventDestinationUpdated", Topics.CONFIGURATION_SETS, ConfigurationSetEvents.DestinationChanged.class),
    EVENT_DESTINATION_DELETED("EventDestinationDeleted", Topics.CONFIGURATION_SETS, ConfigurationSetEvents.DestinationDeleted.class),
    DELIVERY_STREAM_REGISTERED("DeliveryStreamRegistered", Topics.CONFIGURATION_SETS,
            ConfigurationSetEvents.DeliveryStreamRegistered.class),
    CONFIGURATION_SET_SENDING_ENABLED_SET("ConfigurationSetSendingEnabledSet", Topics.CONFIGURATION_SETS,
            ConfigurationSetEvents.EnabledSet.class),
    CONFIGURATION_SET_REPUTATION_METRICS_ENABLED_SET("ConfigurationSetReputationMetricsEnabledSet", Topics.CONFIGURATION_SETS,
            ConfigurationSetEvents.EnabledSet.class),
    CONFIGURATION_SET_DELIVERY_OPTIONS_PUT("ConfigurationSetDeliveryOptionsPut", Topics.CONFIGURATION_SETS,
            ConfigurationSetEvents.DeliveryOptionsPut.class),
    CONFIGURATION_SET_TRACKING_OPTIONS_SET("ConfigurationSetTrackingOptionsSet", Topics.CONFIGURATION_SETS,
            ConfigurationSetEvents.TrackingOptionsSet.class),
    CONFIGURATION_SET_TRACKING_OPTIONS_DELETED("ConfigurationSetTrackingOptionsDeleted", Topics.CONFIGURATION_SETS,
            ConfigurationSetEvents.TrackingOptionsDeleted.class),

    TOPIC_SUBSCRIBED("TopicSubscribed", Topics.NOTIFICATIONS, NotificationEvents.TopicSubscribed.class),
    TOPIC_UNSUBSCRIBED("TopicUnsubscribed", Topics.NOTIFICATIONS, NotificationEvents.TopicUnsubscribed.class),

    RECEIPT_RULE_SET_CREATED("ReceiptRuleSetCreated", Topics.RECEIPT, ReceiptEvents.RuleSetCreated.class),
    RECEIPT_RULE_SET_DELETED("ReceiptRuleSetDeleted", Topics.RECEIPT, ReceiptEvents.RuleSetDeleted.class),
    ACTIVE_RECEIPT_RULE_SET_SET("ActiveReceiptRuleSetSet", Topics.RECEIPT, ReceiptEvents.ActiveRuleSetSet.class),
    RECEIPT_RULE_SET_REORDERED("ReceiptRuleSetReordered", Topics.RECEIPT, ReceiptEvents.RuleSetReordered.class),
    RECEIPT_RULE_CREATED("ReceiptRuleCreated", Topics.RECEIPT, ReceiptEvents.RuleCreated.class),
    RECEIPT_RULE_UPDATED("ReceiptRuleUpdated", Topics.RECEIPT, ReceiptEvents.RuleUpdated.class),
    RECEIPT_RULE_DELETED("ReceiptRuleDeleted", Topics.RECEIPT, ReceiptEvents.RuleDeleted.class),
    RECEIPT_RULE_POSITION_SET("ReceiptRulePositionSet", Topics.RECEIPT, ReceiptEvents.RulePositionSet.class),
    RECEIPT_FILTER_CREATED("ReceiptFilterCreated", Topics.RECEIPT, ReceiptEvents.FilterCreated.class),
    RECEIPT_FILTER_DELETED("ReceiptFilterDeleted", Topics.RECEIPT, ReceiptEvents.FilterDeleted.class),
    MESSAGE_RECEIVED("MessageReceived", Topics.RECEIPT, ReceiptEvents.MessageReceived.class),
    RECEIPT_NOTIFICATION_REQUESTED("ReceiptNotificationRequested", Topics.RECEIPT, ReceiptEvents.NotificationRequested.class),
    BOUNCE_REQUESTED("BounceRequested", Topics.RECEIPT, ReceiptEvents.BounceRequested.class),
    FUNCTION_REGISTERED("FunctionRegistered", Topics.RECEIPT, ReceiptEvents.FunctionRegistered.class),
    WORK_MAIL_ORGANIZATION_REGISTERED("WorkMailOrganizationRegistered", Topics.RECEIPT, ReceiptEvents.WorkMailOrganizationRegistered.class),
    BUCKET_REGISTERED("BucketRegistered", Topics.RECEIPT, ReceiptEvents.BucketRegistered.class),
    KMS_KEY_CREATED("KmsKeyCreated", Topics.RECEIPT, ReceiptEvents.KmsKeyCreated.class),

    TENANT_CREATED("TenantCreated", Topics.TENANCY, TenancyEvents.TenantCreated.class),
    TENANT_UPDATED("TenantUpdated", Topics.TENANCY, TenancyEvents.TenantUpdated.class),
    ACCESS_KEY_CREATED("AccessKeyCreated", Topics.TENANCY, TenancyEvents.AccessKeyCreated.class),
    ACCESS_KEY_STATUS_SET("AccessKeyStatusSet", Topics.TENANCY, TenancyEvents.AccessKeyStatusSet.class),
    ACCESS_KEY_DELETED("AccessKeyDeleted", Topics.TENANCY, TenancyEvents.AccessKeyDeleted.class),

    /** A type this catalogue does not know (a newer writer's, or a test's): readers skip it. */
    UNCATALOGUED(null, null, null);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values()).filter(type -> type != UNCATALOGUED)
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final String topic;
    private final Class<? extends Record> payloadType;

    EventType(String wireName, String topic, Class<? extends Record> payloadType) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    /** The envelope's {@code type}, as operators read it in the topic. */
    public String wireName() {
        return wireName;
    }

    /** The topic events of this type are written to. */
    public String topic() {
        return topic;
    }

    /** The record this type's payload is written from (and can be read back as). */
    public Class<? extends Record> payloadType() {
        return payloadType;
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

package dev.sesame.eventlog.catalogue;

/** Every topic the services write, by the name operators consume it under ({@code docs/events/README.md}). */
public final class Topics {

    /** Email and domain identities: verification, DKIM, MAIL FROM, notifications, policies. */
    public static final String IDENTITY = "sesame.identity.events";
    /** Custom verification email templates. */
    public static final String VERIFICATION_TEMPLATES = "sesame.identity.verification-templates";
    /** The SES event-publishing records: Send, Reject, Bounce, Complaint, Delivery, Open, Click, Rendering Failure. */
    public static final String SENDING = "sesame.sending.events";
    /** Accepted messages, bodies included, for the delivery workers. */
    public static final String MESSAGES = "sesame.sending.messages";
    /** The SES v2 suppression list's puts and deletes. */
    public static final String SUPPRESSION = "sesame.sending.suppression";
    /** Email templates (v1 and v2). */
    public static final String TEMPLATES = "sesame.sending.templates";
    /** The account's sending switch. */
    public static final String ACCOUNT = "sesame.sending.account";
    /** The mail objects of messages with open and click tracking. */
    public static final String TRACKING = "sesame.sending.tracking";
    /** Configuration sets, their options, event destinations and delivery streams. */
    public static final String CONFIGURATION_SETS = "sesame.configuration-sets.events";
    /** Subscriptions to the SNS-style topics. */
    public static final String NOTIFICATIONS = "sesame.notifications.events";
    /** Receipt rule sets, rules and filters, received mail and what its actions asked for, the registries, KMS keys. */
    public static final String RECEIPT = "sesame.receipt.events";
    /** Tenants (accounts) and their access keys, as the gateway's operators create and change them. */
    public static final String TENANCY = "sesame.tenancy.events";

    /**
     * The gateway's warm-up sends ({@code MessageAccepted} and {@code Send} of the warm-up tenant), written only to
     * exercise the commit path before a start reports ready: read by no one, kept ten minutes.
     */
    public static final String WARM_UP = "sesame.warm-up";

    private Topics() {
    }
}

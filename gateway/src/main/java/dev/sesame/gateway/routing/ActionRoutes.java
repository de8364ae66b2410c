package dev.sesame.gateway.routing;

import java.util.Set;

/** Which service owns each SES action (and each SES v2 operation that has no v1 action), as the architecture assigns them. */
public final class ActionRoutes {

    public static final String IDENTITY = "identity";
    public static final String SENDING = "sending";
    public static final String RECEIPT = "receipt";
    public static final String EVENTS = "events";

    private static final Set<String> SENDING_ACTIONS = Set.of("SendEmail", "SendRawEmail", "SendTemplatedEmail",
            "SendBulkTemplatedEmail", "SendBounce", "GetSendQuota", "GetSendStatistics", "GetAccountSendingEnabled",
            "UpdateAccountSendingEnabled", "CreateTemplate", "UpdateTemplate", "DeleteTemplate", "GetTemplate", "ListTemplates",
            "TestRenderTemplate", "PutSuppressedDestination", "GetSuppressedDestination", "DeleteSuppressedDestination",
            "ListSuppressedDestinations");

    private ActionRoutes() {
    }

    /** The owning service of an action of the model. */
    public static String serviceOf(String action) {
        if (SENDING_ACTIONS.contains(action)) {
            return SENDING;
        }
        if (action.contains("Receipt")) {
            return RECEIPT;
        }
        if (action.contains("ConfigurationSet")) {
            return EVENTS;
        }
        return IDENTITY;
    }
}

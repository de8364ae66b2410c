package dev.sesame.identity.rest.action;

import dev.sesame.identity.rest.action.IdentityRequests.SetIdentityNotificationTopicRequest;
import dev.sesame.identity.rest.action.IdentityRequests.SetIdentityHeadersInNotificationsEnabledRequest;
import dev.sesame.identity.rest.action.IdentityRequests.SetIdentityFeedbackForwardingEnabledRequest;
import dev.sesame.identity.rest.action.IdentityRequests.GetIdentityNotificationAttributesRequest;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.model.Identity;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.identity.service.IdentityJournal;
import dev.sesame.identity.service.IdentityNames;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Where an identity's bounce, complaint and delivery notifications go, and whether feedback is also mailed. */
@ApplicationScoped
public class NotificationActions implements SesActions {

    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}");

    private final IdentityStore store;
    private final IdentityJournal journal;

    public NotificationActions(IdentityStore store, IdentityJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of(
                "SetIdentityNotificationTopic", SesAction.typed(SetIdentityNotificationTopicRequest.class, this::setTopic),
                "SetIdentityFeedbackForwardingEnabled", SesAction.typed(SetIdentityFeedbackForwardingEnabledRequest.class,
                        this::setForwarding),
                "SetIdentityHeadersInNotificationsEnabled", SesAction.typed(SetIdentityHeadersInNotificationsEnabledRequest.class,
                        this::setHeaders),
                "GetIdentityNotificationAttributes", SesAction.typed(GetIdentityNotificationAttributesRequest.class, this::attributes));
    }

    /**
     * No topic clears it. The reference: "Unless feedback forwarding is enabled, you must specify Amazon SNS topics for
     * bounce and complaint notifications", so with forwarding off the Bounce and Complaint topics cannot be cleared.
     */
    private Uni<?> setTopic(Caller caller, SetIdentityNotificationTopicRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        String type = request.notificationType();
        String topic = request.snsTopic() != null && !request.snsTopic().isEmpty() ? request.snsTopic() : null;
        if (topic != null && !SNS_TOPIC_ARN.matcher(topic).matches()) {
            throw SesException.invalidParameterValue("Invalid SNS topic ARN <" + topic + ">.");
        }
        return store.require(caller.accountId(), name).chain(identity -> {
            if (topic == null && !type.equals("Delivery") && !identity.forwardingEnabled) {
                throw SesException.invalidParameterValue("The " + type + " topic of " + identity.name + " cannot be cleared while "
                        + "feedback forwarding is disabled: enable feedback forwarding first.");
            }
            return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_NOTIFICATION_TOPIC_SET,
                    identity.name, new IdentityEvents.NotificationTopicSet(identity.name, type, topic));
        }).map(ignored -> new Results.Empty());
    }

    /** Forwarding can be turned off only when both the Bounce and the Complaint topics are set. */
    private Uni<?> setForwarding(Caller caller, SetIdentityFeedbackForwardingEnabledRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        boolean enabled = request.forwardingEnabled();
        return store.require(caller.accountId(), name).chain(identity -> {
            if (!enabled && (identity.bounceTopic == null || identity.complaintTopic == null)) {
                throw SesException.invalidParameterValue("Feedback forwarding cannot be disabled for " + identity.name
                        + " unless Amazon SNS topics are set for both Bounce and Complaint notifications.");
            }
            return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_FEEDBACK_FORWARDING_SET,
                    identity.name, new IdentityEvents.FeedbackForwardingSet(identity.name, enabled));
        }).map(ignored -> new Results.Empty());
    }

    /** Headers can be included only in a notification type that has a topic. */
    private Uni<?> setHeaders(Caller caller, SetIdentityHeadersInNotificationsEnabledRequest request) {
        String name = IdentityNames.fromNameOrArn(caller.accountId(), request.identity());
        String type = request.notificationType();
        boolean enabled = request.enabled();
        return store.require(caller.accountId(), name).chain(identity -> {
            if (enabled && topic(identity, type) == null) {
                throw SesException.invalidParameterValue("Headers in " + type + " notifications can only be enabled when "
                        + identity.name + " has an Amazon SNS topic for " + type + " notifications.");
            }
            return journal.record(caller.accountId(), caller.requestId(), EventType.IDENTITY_HEADERS_IN_NOTIFICATIONS_SET,
                    identity.name, new IdentityEvents.HeadersInNotificationsSet(identity.name, type, enabled));
        }).map(ignored -> new Results.Empty());
    }

    private Uni<?> attributes(Caller caller, GetIdentityNotificationAttributesRequest request) {
        List<String> requested = IdentityActions.identities(request.identities()).stream()
                .map(i -> IdentityNames.fromNameOrArn(caller.accountId(), i)).toList();
        return store.findAll(caller.accountId(), requested).map(found -> {
            Map<String, Results.IdentityNotificationAttributes> attributes = new LinkedHashMap<>();
            IdentityActions.byRequestedName(caller, requested, found).forEach((name, i) -> attributes.put(name,
                    new Results.IdentityNotificationAttributes(i.bounceTopic, i.complaintTopic, i.deliveryTopic,
                            i.forwardingEnabled, i.headersInBounceNotifications, i.headersInComplaintNotifications,
                            i.headersInDeliveryNotifications)));
            return new Results.GetIdentityNotificationAttributesResult(attributes);
        });
    }

    private static String topic(Identity identity, String type) {
        return switch (type) {
            case "Bounce" -> identity.bounceTopic;
            case "Complaint" -> identity.complaintTopic;
            default -> identity.deliveryTopic;
        };
    }
}

package dev.sesame.sending.delivery;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.sending.service.EventRecords;
import dev.sesame.service.api.MessageIds;
import dev.sesame.eventlog.catalogue.SendingEvents.OutboundMessage;
import dev.sesame.eventlog.catalogue.SendingEvents.SesEventRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Delivery, Bounce and Complaint records of a message's recipients, in SES's event-publishing shape. */
final class Outcomes {

    static final String SUPPRESSED = "Amazon SES has suppressed sending to this address because it has a recent history of "
            + "bouncing as an invalid address. For more information about how to remove an address from the suppression list, "
            + "see the Amazon SES Developer Guide: https://docs.aws.amazon.com/ses/latest/DeveloperGuide/remove-from-suppressionlist.html";

    static final String ON_ACCOUNT_SUPPRESSION_LIST = "Amazon SES did not send the message to this address because it is on the "
            + "suppression list for your account. For more information about removing addresses from the suppression list, see the "
            + "Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/DeveloperGuide/sending-email-suppression-list.html";

    private Outcomes() {
    }

    static SesEventRecord delivery(OutboundMessage message, List<String> recipients, String smtpResponse, String reportingMta) {
        Instant now = Instant.now();
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("timestamp", EventRecords.timestamp(now));
        delivery.put("processingTimeMillis", Math.max(0, now.toEpochMilli() - message.acceptedAt().toEpochMilli()));
        delivery.put("recipients", recipients);
        delivery.put("smtpResponse", smtpResponse);
        delivery.put("reportingMTA", reportingMta);
        return SesEventRecord.of(EventType.DELIVERY, message.mail(), delivery);
    }

    /** One bounced recipient: {@code action}, {@code status} and {@code diagnosticCode} as a DSN gives them. */
    record Bounced(String emailAddress, String status, String diagnosticCode) {
    }

    static SesEventRecord bounce(OutboundMessage message, String type, String subType, List<Bounced> bounced, String reportingMta) {
        Map<String, Object> bounce = new LinkedHashMap<>();
        bounce.put("bounceType", type);
        bounce.put("bounceSubType", subType);
        bounce.put("bouncedRecipients", bounced.stream().map(b -> {
            Map<String, Object> recipient = new LinkedHashMap<>();
            recipient.put("emailAddress", b.emailAddress());
            recipient.put("action", "failed");
            recipient.put("status", b.status());
            recipient.put("diagnosticCode", b.diagnosticCode());
            return recipient;
        }).toList());
        bounce.put("timestamp", EventRecords.timestamp(Instant.now()));
        bounce.put("feedbackId", MessageIds.next(message.region(), System.currentTimeMillis()));
        bounce.put("reportingMTA", "dsn; " + reportingMta);
        return SesEventRecord.of(EventType.BOUNCE, message.mail(), bounce);
    }

    static SesEventRecord complaint(OutboundMessage message, String recipient) {
        Map<String, Object> complaint = new LinkedHashMap<>();
        complaint.put("complainedRecipients", List.of(Map.of("emailAddress", recipient)));
        complaint.put("timestamp", EventRecords.timestamp(Instant.now()));
        complaint.put("feedbackId", MessageIds.next(message.region(), System.currentTimeMillis()));
        complaint.put("userAgent", "Amazon SES Mailbox Simulator");
        complaint.put("complaintFeedbackType", "abuse");
        complaint.put("complaintSubType", null);
        return SesEventRecord.of(EventType.COMPLAINT, message.mail(), complaint);
    }

    /** SES's bounceSubType for a permanent SMTP failure. */
    static String permanentSubType(SmtpReply reply) {
        return switch (reply.status()) {
            case "5.2.2" -> "MailboxFull";
            case "5.3.4", "5.2.3" -> "MessageTooLarge";
            case "5.1.1", "5.1.0" -> "NoEmail";
            default -> "General";
        };
    }
}

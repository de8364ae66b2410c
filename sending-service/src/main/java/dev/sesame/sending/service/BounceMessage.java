package dev.sesame.sending.service;

import dev.sesame.sending.service.SendingRequests.BouncedRecipientInfo;
import dev.sesame.sending.service.SendingRequests.ExtensionField;
import dev.sesame.sending.service.SendingRequests.MessageDsn;
import dev.sesame.sending.service.SendingRequests.RecipientDsnFields;
import dev.sesame.sending.service.SendingRequests.SendBounceRequest;
import dev.sesame.ses.protocol.SesException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The RFC 3464 delivery status notification SendBounce sends back to the sender of a received message. */
final class BounceMessage {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Map<String, String> STATUS = Map.of("DoesNotExist", "5.1.1", "MessageTooLarge", "5.3.4",
            "ExceededQuota", "5.2.2", "ContentRejected", "5.6.1", "Undefined", "5.0.0", "TemporaryFailure", "4.0.0");

    private BounceMessage() {
    }

    static MimeComposer.Composed compose(SendBounceRequest input, String region, InternetAddress sender, String to, String messageIdHeader, Date date) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageIdHeader);
                }
            };
            message.setFrom(sender);
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(to));
            message.setSubject("Delivery Status Notification (Failure)", "UTF-8");
            message.setSentDate(date);
            MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
            MimeBodyPart human = new MimeBodyPart();
            human.setText(or(input.explanation(), "An error occurred while trying to deliver the mail to the following recipients:\n")
                    + "\n", "UTF-8");
            report.addBodyPart(human);
            MimeBodyPart status = new MimeBodyPart();
            status.setContent(status(input, region), "message/delivery-status");
            report.addBodyPart(status);
            message.setContent(report);
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return new MimeComposer.Composed(out.toByteArray(), MimeComposer.headers(out.toByteArray()));
        } catch (MessagingException | IOException e) {
            throw SesException.of("MessageRejected", "The bounce could not be built: " + e.getMessage());
        }
    }

    /**
     * The per-message fields from MessageDsn, then per recipient its fields (given, or derived from BounceType). The
     * reporting MTA's "default value is dns; inbound-smtp.[region].amazonaws.com".
     */
    private static String status(SendBounceRequest input, String region) {
        StringBuilder status = new StringBuilder();
        MessageDsn dsn = input.messageDsn() == null ? new MessageDsn(null, null, null) : input.messageDsn();
        status.append("Reporting-MTA: ").append(or(dsn.reportingMta(), "dns; inbound-smtp." + region + ".amazonaws.com")).append("\r\n");
        if (dsn.arrivalDate() != null) {
            status.append("Arrival-Date: ").append(dsn.arrivalDate()).append("\r\n");
        }
        extensionFields(status, dsn.extensionFields());
        for (BouncedRecipientInfo recipient : input.bouncedRecipientInfoList() == null ? List.<BouncedRecipientInfo>of()
                : input.bouncedRecipientInfoList()) {
            RecipientDsnFields fields = recipient.recipientDsnFields() == null
                    ? new RecipientDsnFields(null, null, null, null, null, null, null) : recipient.recipientDsnFields();
            status.append("\r\n");
            status.append("Final-Recipient: ").append(or(fields.finalRecipient(), "rfc822; " + or(recipient.recipient(), ""))).append("\r\n");
            status.append("Action: ").append(or(fields.action(), "failed")).append("\r\n");
            status.append("Status: ").append(or(fields.status(), STATUS.getOrDefault(or(recipient.bounceType(), ""), "5.0.0"))).append("\r\n");
            if (fields.diagnosticCode() != null) {
                status.append("Diagnostic-Code: ").append(fields.diagnosticCode()).append("\r\n");
            }
            if (fields.remoteMta() != null) {
                status.append("Remote-MTA: ").append(fields.remoteMta()).append("\r\n");
            }
            if (fields.lastAttemptDate() != null) {
                status.append("Last-Attempt-Date: ").append(fields.lastAttemptDate()).append("\r\n");
            }
            extensionFields(status, fields.extensionFields());
        }
        return status.toString();
    }

    private static void extensionFields(StringBuilder status, List<ExtensionField> fields) {
        if (fields != null) {
            fields.forEach(f -> status.append(or(f.name(), "")).append(": ").append(or(f.value(), "")).append("\r\n"));
        }
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}

package dev.sesame.sending.service;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.Properties;

/** The RFC 3464 delivery status notification SendBounce sends back to the sender of a received message. */
final class BounceMessage {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Map<String, String> STATUS = Map.of("DoesNotExist", "5.1.1", "MessageTooLarge", "5.3.4",
            "ExceededQuota", "5.2.2", "ContentRejected", "5.6.1", "Undefined", "5.0.0", "TemporaryFailure", "4.0.0");

    private BounceMessage() {
    }

    static MimeComposer.Composed compose(JsonNode input, String region, InternetAddress sender, String to, String messageIdHeader, Date date) {
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
            human.setText(input.path("Explanation").asText("An error occurred while trying to deliver the mail to the following recipients:\n")
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
    private static String status(JsonNode input, String region) {
        StringBuilder status = new StringBuilder();
        JsonNode dsn = input.path("MessageDsn");
        status.append("Reporting-MTA: ").append(dsn.path("ReportingMta").asText("dns; inbound-smtp." + region + ".amazonaws.com"))
                .append("\r\n");
        if (dsn.has("ArrivalDate")) {
            status.append("Arrival-Date: ").append(dsn.get("ArrivalDate").asText()).append("\r\n");
        }
        dsn.path("ExtensionFields").forEach(f -> status.append(f.path("Name").asText()).append(": ").append(f.path("Value").asText()).append("\r\n"));
        for (JsonNode recipient : input.path("BouncedRecipientInfoList")) {
            JsonNode fields = recipient.path("RecipientDsnFields");
            status.append("\r\n");
            status.append("Final-Recipient: ").append(fields.path("FinalRecipient").asText("rfc822; " + recipient.path("Recipient").asText()))
                    .append("\r\n");
            status.append("Action: ").append(fields.path("Action").asText("failed")).append("\r\n");
            status.append("Status: ").append(fields.path("Status").asText(STATUS.getOrDefault(recipient.path("BounceType").asText(), "5.0.0")))
                    .append("\r\n");
            if (fields.has("DiagnosticCode")) {
                status.append("Diagnostic-Code: ").append(fields.get("DiagnosticCode").asText()).append("\r\n");
            }
            if (fields.has("RemoteMta")) {
                status.append("Remote-MTA: ").append(fields.get("RemoteMta").asText()).append("\r\n");
            }
            if (fields.has("LastAttemptDate")) {
                status.append("Last-Attempt-Date: ").append(fields.get("LastAttemptDate").asText()).append("\r\n");
            }
            fields.path("ExtensionFields").forEach(f -> status.append(f.path("Name").asText()).append(": ").append(f.path("Value").asText())
                    .append("\r\n"));
        }
        return status.toString();
    }
}

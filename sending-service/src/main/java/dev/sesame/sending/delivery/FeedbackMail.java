package dev.sesame.sending.delivery;

import dev.sesame.sending.config.SendingConfig;
import dev.sesame.eventlog.catalogue.SendingEvents.OutboundMessage;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Feedback forwarding: when the identity has it on (the default), SES mails bounces and complaints to the
 * Return-Path (or the Source). Bounces go as RFC 3464 delivery status notifications, complaints as RFC 5965
 * feedback reports, both from the null sender so they never bounce back. Best effort: one attempt.
 */
@Singleton
public class FeedbackMail {

    private static final Logger LOG = Logger.getLogger(FeedbackMail.class);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final SendingConfig config;
    private final Routes routes;
    private final SmtpClient smtp;

    public FeedbackMail(SendingConfig config, Routes routes) {
        this.config = config;
        this.routes = routes;
        this.smtp = new SmtpClient(config.hostname(), config.smtpTimeout());
    }

    void bounce(OutboundMessage message, List<Outcomes.Bounced> bounced, String bounceType) {
        if (message.feedbackTo() == null) {
            return;
        }
        String human = "This is an automatically generated Delivery Status Notification.\n\n"
                + (bounceType.equals("Permanent") ? "Delivery to the following recipients failed permanently:\n\n"
                        : "Delivery to the following recipients was delayed too long and has been abandoned:\n\n")
                + bounced.stream().map(b -> "    " + b.emailAddress() + "\n").collect(Collectors.joining())
                + "\nTechnical report:\n\n" + bounced.stream().map(b -> b.diagnosticCode() + "\n").collect(Collectors.joining());
        StringBuilder status = new StringBuilder("Reporting-MTA: dns; " + config.hostname() + "\r\n");
        for (Outcomes.Bounced b : bounced) {
            status.append("\r\nFinal-Recipient: rfc822; ").append(b.emailAddress()).append("\r\nAction: failed\r\nStatus: ")
                    .append(b.status()).append("\r\nDiagnostic-Code: ").append(b.diagnosticCode().replace("; ", ";")
                            .replaceFirst("^smtp;", "smtp; ")).append("\r\n");
        }
        send(message, "Delivery Status Notification (Failure)", "delivery-status", human, "message/delivery-status", status.toString());
    }

    void complaint(OutboundMessage message, String recipient) {
        if (message.feedbackTo() == null) {
            return;
        }
        String report = "Feedback-Type: abuse\r\nUser-Agent: Amazon SES Mailbox Simulator\r\nVersion: 1\r\n"
                + "Original-Rcpt-To: " + recipient + "\r\nOriginal-Mail-From: " + message.envelopeFrom() + "\r\n";
        send(message, "Complaint about message " + message.messageId(), "feedback-report",
                "This is an email abuse report for an email message sent to " + recipient + ".\n", "message/feedback-report", report);
    }

    private void send(OutboundMessage message, String subject, String reportType, String human, String machineType, String machine) {
        try {
            MimeMessage notice = new MimeMessage(SESSION);
            notice.setFrom(new InternetAddress("MAILER-DAEMON@" + config.hostname(), "Mail Delivery Subsystem"));
            notice.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(message.feedbackTo()));
            notice.setSubject(subject, "UTF-8");
            notice.setSentDate(new Date());
            MimeMultipart report = new MimeMultipart("report; report-type=" + reportType);
            MimeBodyPart text = new MimeBodyPart();
            text.setText(human, "UTF-8");
            report.addBodyPart(text);
            MimeBodyPart machinePart = new MimeBodyPart();
            machinePart.setContent(machine, machineType);
            report.addBodyPart(machinePart);
            MimeBodyPart headers = new MimeBodyPart();
            headers.setContent(originalHeaders(message), "text/rfc822-headers");
            report.addBodyPart(headers);
            notice.setContent(report);
            notice.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            notice.writeTo(out);
            String to = message.feedbackTo();
            List<Routes.Hop> hops = routes.hops(to.substring(to.lastIndexOf('@') + 1));
            if (!hops.isEmpty()) {
                // The null sender: a notification about a failure must never itself bounce.
                smtp.send(hops.get(0).host(), hops.get(0).port(), "", List.of(to), out.toByteArray());
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.warnf("feedback for message %s could not be mailed: %s", message.messageId(), e.getMessage());
        }
    }

    private static String originalHeaders(OutboundMessage message) {
        String mime = new String(Base64.getDecoder().decode(message.mime()), StandardCharsets.ISO_8859_1);
        int end = mime.indexOf("\r\n\r\n");
        return end < 0 ? mime : mime.substring(0, end + 2);
    }
}

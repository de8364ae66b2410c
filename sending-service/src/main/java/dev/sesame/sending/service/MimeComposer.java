package dev.sesame.sending.service;

import dev.sesame.sending.service.SendingRequests.Content;
import dev.sesame.sending.service.SendingRequests.Destination;
import dev.sesame.sending.service.SendingRequests.SendEmailRequest;
import dev.sesame.ses.protocol.SesException;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.HeaderTokenizer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.MailDateFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Builds the MIME message of SendEmail, and prepares the raw MIME of SendRawEmail the way SES does: its own
 * Message-ID and Date, the {@code X-SES-*} control headers and Bcc removed, the body left byte for byte.
 */
public final class MimeComposer {

    /** A folded header's line break (compiled once: String.replaceAll compiles its pattern at every call). */
    private static final java.util.regex.Pattern UNFOLD = java.util.regex.Pattern.compile("\r?\n[ \t]");

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader on every encoding of every part (a scan of
        // the classpath each time: a tenth of the sending service's CPU under load). Naming it skips the scan.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private static final Session SESSION = Session.getInstance(new Properties());

    /** Charsets in which 7-bit text is its ASCII bytes. */
    private static final Set<String> ASCII_CHARSETS = Set.of("utf-8", "us-ascii", "iso-8859-1");
    private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

    private MimeComposer() {
    }

    /** A header of the message as sent. */
    public record HeaderLine(String name, String value) {
    }

    /** The bytes to deliver, and their header lines (for the event records). */
    public record Composed(byte[] mime, List<HeaderLine> headers) {
    }

    /** The MIME of a SendEmail request: text and/or HTML (multipart/alternative when both), RFC 2047 headers. */
    public static Composed compose(SendEmailRequest input, String messageIdHeader, Date date) {
        Composed simple = composeSimple(input, messageIdHeader, date);
        return simple != null ? simple : composeWithJakartaMail(input, messageIdHeader, date);
    }

    /**
     * The common SendEmail written directly, without building a Jakarta Mail message (a tenth of the sending
     * service's CPU): one body, text or HTML, of 7-bit text in an ASCII-compatible charset, and a printable ASCII
     * subject. Each header value is made by the same Jakarta Mail functions as in {@link #composeWithJakartaMail},
     * in the same order, so the bytes are the same (MimeComposerTest holds them to it). Null for anything else.
     */
    static Composed composeSimple(SendEmailRequest input, String messageIdHeader, Date date) {
        Content text = text(input);
        Content html = html(input);
        if ((text == null) == (html == null)) {
            return null;
        }
        Content body = text == null ? html : text;
        String data = data(body);
        String charset = charset(body);
        Content subjectContent = subject(input);
        String subject = data(subjectContent);
        if (!ASCII_CHARSETS.contains(charset.toLowerCase(Locale.ROOT)) || !sevenBit(data) || !printableAscii(subject)) {
            return null;
        }
        try {
            // Read in the order the Jakarta Mail path reads them, so an invalid address is reported alike.
            InternetAddress from = address(input.source());
            Destination destination = destination(input);
            List<InternetAddress> to = addresses(destination.toAddresses());
            List<InternetAddress> cc = addresses(destination.ccAddresses());
            List<InternetAddress> replyTo = addresses(input.replyToAddresses());
            List<HeaderLine> headers = new ArrayList<>();
            StringBuilder head = new StringBuilder(512);
            header(head, headers, "Date", DATES.get().format(date));
            header(head, headers, "From", InternetAddress.toString(new Address[] {from}, "From: ".length()));
            addressHeader(head, headers, "Reply-To", replyTo);
            addressHeader(head, headers, "To", to);
            addressHeader(head, headers, "Cc", cc);
            header(head, headers, "Message-ID", messageIdHeader);
            header(head, headers, "Subject", MimeUtility.fold(9,
                    MimeUtility.encodeText(subject, charset(subjectContent), null)));
            header(head, headers, "MIME-Version", "1.0");
            header(head, headers, "Content-Type", new ContentType("text/" + (text == null ? "html" : "plain")
                    + "; charset=" + MimeUtility.quote(charset, HeaderTokenizer.MIME)).toString());
            header(head, headers, "Content-Transfer-Encoding", "7bit");
            head.append("\r\n").append(data);
            return new Composed(head.toString().getBytes(StandardCharsets.ISO_8859_1), headers);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return null;
        }
    }

    private static Content text(SendEmailRequest input) {
        return input.message() == null || input.message().body() == null ? null : input.message().body().text();
    }

    private static Content html(SendEmailRequest input) {
        return input.message() == null || input.message().body() == null ? null : input.message().body().html();
    }

    private static Content subject(SendEmailRequest input) {
        return input.message() == null ? null : input.message().subject();
    }

    private static Destination destination(SendEmailRequest input) {
        return input.destination() == null ? new Destination(null, null, null) : input.destination();
    }

    private static String data(Content content) {
        return content == null || content.data() == null ? "" : content.data();
    }

    private static void addressHeader(StringBuilder head, List<HeaderLine> headers, String name, List<InternetAddress> addresses) {
        if (!addresses.isEmpty()) {
            header(head, headers, name, InternetAddress.toString(addresses.toArray(Address[]::new), name.length() + 2));
        }
    }

    private static void header(StringBuilder head, List<HeaderLine> headers, String name, String value) {
        head.append(name).append(": ").append(value).append("\r\n");
        headers.add(headerLine(name, value));
    }

    /** What Jakarta Mail sends as 7bit: ASCII without control characters but tab, CR and LF; lines of at most 998. */
    private static boolean sevenBit(String text) {
        int line = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                line = 0;
            } else if (c >= 0x7f || (c < 0x20 && c != '\t') || ++line > 998) {
                return false;
            }
        }
        return true;
    }

    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20 || text.charAt(i) >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Any SendEmail, built as a Jakarta Mail message. */
    static Composed composeWithJakartaMail(SendEmailRequest input, String messageIdHeader, Date date) {
        try {
            MimeMessage message = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageIdHeader);
                }
            };
            message.setFrom(address(input.source()));
            Destination destination = destination(input);
            setRecipients(message, "To", destination.toAddresses());
            setRecipients(message, "Cc", destination.ccAddresses());
            if (input.replyToAddresses() != null && !input.replyToAddresses().isEmpty()) {
                message.setReplyTo(addresses(input.replyToAddresses()).toArray(InternetAddress[]::new));
            }
            Content subject = subject(input);
            message.setSubject(data(subject), charset(subject));
            message.setSentDate(date);
            Content text = text(input);
            Content html = html(input);
            if (text == null && html == null) {
                throw SesException.of("MessageRejected", "The message must have a text or an HTML body.");
            }
            if (text != null && html != null) {
                MimeMultipart alternative = new MimeMultipart("alternative");
                alternative.addBodyPart(part(text, "plain"));
                alternative.addBodyPart(part(html, "html"));
                message.setContent(alternative);
            } else if (text != null) {
                message.setText(data(text), charset(text), "plain");
            } else {
                message.setText(data(html), charset(html), "html");
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            // The header lines as written (the names too: a placeholder's name may differ in case), without
            // parsing the bytes again.
            List<HeaderLine> headers = new ArrayList<>();
            for (String line : Collections.list(message.getAllHeaderLines())) {
                int colon = line.indexOf(':');
                headers.add(headerLine(line.substring(0, colon), line.substring(colon + 1)));
            }
            return new Composed(out.toByteArray(), headers);
        } catch (MessagingException | IOException e) {
            throw SesException.of("MessageRejected", "The message could not be built: " + e.getMessage());
        }
    }

    private static MimeBodyPart part(Content content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(data(content), charset(content), subtype);
        return part;
    }

    private static String charset(Content content) {
        return content == null || content.charset() == null ? "UTF-8" : content.charset();
    }

    private static void setRecipients(MimeMessage message, String header, List<String> list) throws MessagingException {
        if (list != null && !list.isEmpty()) {
            message.setRecipients(header.equals("To") ? MimeMessage.RecipientType.TO : MimeMessage.RecipientType.CC,
                    addresses(list).toArray(InternetAddress[]::new));
        }
    }

    private static List<InternetAddress> addresses(List<String> list) {
        List<InternetAddress> result = new ArrayList<>();
        if (list != null) {
            list.forEach(a -> result.add(address(a)));
        }
        return result;
    }

    /** One address, display name allowed (non-ASCII names are RFC 2047 encoded when written). */
    public static InternetAddress address(String text) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            if (address.isGroup() || address.getAddress() == null || address.getAddress().indexOf('@') <= 0) {
                throw new AddressException("not a mailbox", text);
            }
            if (address.getPersonal() != null) {
                address.setPersonal(address.getPersonal(), "UTF-8");
            }
            return address;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw SesException.invalidParameterValue("Invalid email address <" + text + ">.");
        }
    }

    /** The raw message with SES's Message-ID and Date, and without X-SES-* headers and Bcc; the body untouched. */
    public static Composed prepareRaw(byte[] raw, String messageIdHeader, Date date) {
        int split = headerEnd(raw);
        if (split < 0) {
            throw SesException.of("MessageRejected", "Message must contain a header and a body, separated by a blank line.");
        }
        String headerBlock = new String(raw, 0, split, StandardCharsets.ISO_8859_1);
        StringBuilder kept = new StringBuilder(headerBlock.length() + 128);
        kept.append("Date: ").append(new MailDateFormat().format(date)).append("\r\n");
        kept.append("Message-ID: ").append(messageIdHeader).append("\r\n");
        for (String field : fields(headerBlock)) {
            String name = field.substring(0, Math.max(0, field.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw SesException.of("MessageRejected", "Malformed header line: " + field.lines().findFirst().orElse(""));
            }
            if (name.startsWith("x-ses-") || name.equals("bcc") || name.equals("message-id") || name.equals("date")) {
                continue;
            }
            kept.append(field).append("\r\n");
        }
        byte[] head = kept.toString().getBytes(StandardCharsets.ISO_8859_1);
        int bodyStart = split + (raw[split] == '\r' ? 4 : 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 128);
        out.writeBytes(head);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.write(raw, bodyStart, raw.length - bodyStart);
        byte[] mime = out.toByteArray();
        checkStructure(mime);
        return new Composed(mime, headers(mime));
    }

    /** The raw header value of {@code name} in a raw message (unfolded), or null. */
    public static String rawHeader(byte[] raw, String name) {
        int split = headerEnd(raw);
        if (split < 0) {
            return null;
        }
        for (String field : fields(new String(raw, 0, split, StandardCharsets.ISO_8859_1))) {
            int colon = field.indexOf(':');
            if (colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return UNFOLD.matcher(field.substring(colon + 1)).replaceAll(" ").trim();
            }
        }
        return null;
    }

    /** Header fields of a header block, each with its folded continuation lines. */
    private static List<String> fields(String headerBlock) {
        List<String> fields = new ArrayList<>();
        for (String line : headerBlock.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else if (!line.isEmpty()) {
                fields.add(line);
            }
        }
        return fields;
    }

    /** Index where the header block ends (the first empty line), or -1. */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < raw.length && raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A multipart message must carry its boundary; jakarta.mail must be able to read every part. */
    private static void checkStructure(byte[] mime) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(mime));
            if (message.getFrom() == null) {
                throw SesException.of("MessageRejected", "Missing required header 'From'.");
            }
            Object content = message.getContent();
            if (content instanceof MimeMultipart multipart) {
                multipart.getCount();
            }
        } catch (MessagingException | IOException e) {
            throw SesException.of("MessageRejected", "The message is not valid MIME: " + e.getMessage());
        }
    }

    static List<HeaderLine> headers(byte[] mime) {
        try {
            List<HeaderLine> lines = new ArrayList<>();
            for (Header header : Collections.list(new InternetHeaders(new ByteArrayInputStream(mime)).getAllHeaders())) {
                lines.add(headerLine(header.getName(), header.getValue()));
            }
            return lines;
        } catch (MessagingException e) {
            throw SesException.of("MessageRejected", "The message headers are not valid: " + e.getMessage());
        }
    }

    /** A header line with its value unfolded. */
    private static HeaderLine headerLine(String name, String value) {
        return new HeaderLine(name, (value.indexOf('\n') < 0 ? value : UNFOLD.matcher(value).replaceAll(" ")).trim());
    }

    /** Recipients of a raw message from its To, Cc and Bcc headers, group members included. */
    public static List<String> rawRecipients(byte[] raw) {
        List<String> recipients = new ArrayList<>();
        for (String header : List.of("To", "Cc", "Bcc")) {
            String value = rawHeader(raw, header);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                    if (address.isGroup()) {
                        for (InternetAddress member : address.getGroup(false)) {
                            recipients.add(member.getAddress());
                        }
                    } else {
                        recipients.add(address.getAddress());
                    }
                }
            } catch (AddressException e) {
                throw SesException.of("MessageRejected", "Illegal address in the " + header + " header: " + e.getMessage());
            }
        }
        return recipients;
    }
}

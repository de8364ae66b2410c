package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * SES's receipt notification ({@code notificationType: Received}: mail, receipt with its action, and the content for
 * an SNS action) and its Lambda event (the same mail and receipt in an {@code aws:ses} record).
 */
final class ReceiptNotification {

    /** SNS action content is limited to 150 KB including headers, as in SES. */
    static final int MAX_CONTENT_BYTES = 150 * 1024;
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ReceiptNotification() {
    }

    /** The {@code receipt} object: when the action fired, the matched recipients, the verdicts and the action. */
    static ObjectNode receipt(Envelope envelope, Verdicts verdicts, ObjectNode action) {
        ObjectNode receipt = EventCodec.JSON.createObjectNode();
        Instant now = Instant.now();
        receipt.put("timestamp", MILLIS.format(now));
        receipt.put("processingTimeMillis", Math.max(0, now.toEpochMilli() - envelope.received().toEpochMilli()));
        receipt.set("recipients", EventCodec.JSON.valueToTree(envelope.recipients()));
        verdicts.writeTo(receipt);
        receipt.set("action", action);
        return receipt;
    }

    /** The SNS notification: {@code notificationType}, {@code mail}, {@code receipt}, and {@code content} for an SNS action. */
    static ObjectNode notification(Envelope envelope, byte[] message, ObjectNode receipt, String encoding) {
        ObjectNode notification = EventCodec.JSON.createObjectNode();
        notification.put("notificationType", "Received");
        notification.set("mail", mail(envelope, message));
        notification.set("receipt", receipt);
        if (encoding != null) {
            notification.put("content", encoding.equals("Base64") ? Base64.getEncoder().encodeToString(message)
                    : new String(message, StandardCharsets.UTF_8));
        }
        return notification;
    }

    /** The Lambda event: one {@code aws:ses} record with {@code mail} and {@code receipt}, no content. */
    static ObjectNode lambdaEvent(Envelope envelope, byte[] message, ObjectNode receipt) {
        ObjectNode event = EventCodec.JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject().put("eventSource", "aws:ses").put("eventVersion", "1.0");
        ObjectNode ses = record.putObject("ses");
        ses.set("mail", mail(envelope, message));
        ses.set("receipt", receipt);
        return event;
    }

    private static ObjectNode mail(Envelope envelope, byte[] message) {
        String source = envelope.mailFrom();
        ObjectNode mail = EventCodec.JSON.createObjectNode();
        mail.put("timestamp", MILLIS.format(envelope.received()));
        mail.put("source", source);
        mail.put("messageId", envelope.messageId());
        ArrayNode destination = mail.putArray("destination");
        ArrayNode headers = EventCodec.JSON.createArrayNode();
        ObjectNode common = EventCodec.JSON.createObjectNode();
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String block = (end < 0 ? text : text.substring(0, end)).replaceAll("\r?\n[ \t]+", " ");
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            headers.addObject().put("name", name).put("value", value);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "to", "cc" -> {
                    for (String address : value.split(",")) {
                        destination.add(address.trim());
                    }
                    common.withArray(name.toLowerCase(Locale.ROOT)).add(value);
                }
                case "from" -> common.withArray("from").add(value);
                case "subject" -> common.put("subject", value);
                case "date" -> common.put("date", value);
                case "message-id" -> common.put("messageId", value);
                default -> {
                }
            }
        }
        if (source != null && !source.isEmpty()) {
            common.put("returnPath", source);
        }
        mail.put("headersTruncated", false);
        mail.set("headers", headers);
        mail.set("commonHeaders", common);
        return mail;
    }
}

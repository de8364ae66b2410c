package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.events.log.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** SES's receipt notification ({@code notificationType: Received}): mail, receipt with its action, and the content. */
final class ReceiptNotification {

    /** SNS action content is limited to 150 KB including headers, as in SES. */
    static final int MAX_CONTENT_BYTES = 150 * 1024;
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ReceiptNotification() {
    }

    static ObjectNode of(String messageId, String source, Instant received, List<String> recipients, JsonNode rule, ObjectNode action,
                         byte[] message, String encoding) {
        ObjectNode notification = EventCodec.JSON.createObjectNode();
        notification.put("notificationType", "Received");
        notification.set("mail", mail(messageId, source, received, message));
        ObjectNode receipt = notification.putObject("receipt");
        Instant now = Instant.now();
        receipt.put("timestamp", MILLIS.format(now));
        receipt.put("processingTimeMillis", Math.max(0, now.toEpochMilli() - received.toEpochMilli()));
        receipt.set("recipients", EventCodec.JSON.valueToTree(recipients));
        // No scanner is wired in yet: an honest PROCESSING_FAILED when scanning was asked for, DISABLED otherwise.
        String verdict = rule.path("ScanEnabled").asBoolean(false) ? "PROCESSING_FAILED" : "DISABLED";
        for (String name : List.of("spamVerdict", "virusVerdict", "spfVerdict", "dkimVerdict", "dmarcVerdict")) {
            receipt.putObject(name).put("status", verdict);
        }
        receipt.set("action", action);
        if (encoding != null) {
            notification.put("content", encoding.equals("Base64") ? Base64.getEncoder().encodeToString(message)
                    : new String(message, StandardCharsets.UTF_8));
        }
        return notification;
    }

    private static ObjectNode mail(String messageId, String source, Instant received, byte[] message) {
        ObjectNode mail = EventCodec.JSON.createObjectNode();
        mail.put("timestamp", MILLIS.format(received));
        mail.put("source", source);
        mail.put("messageId", messageId);
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
        if (source != null) {
            common.put("returnPath", source);
        }
        mail.put("headersTruncated", false);
        mail.set("headers", headers);
        mail.set("commonHeaders", common);
        return mail;
    }
}

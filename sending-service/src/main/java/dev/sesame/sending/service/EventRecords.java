package dev.sesame.sending.service;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SES event-publishing records ({@code eventType}, {@code mail} and the type's own object), as operators consume them. */
public final class EventRecords {

    private EventRecords() {
    }

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** ISO 8601 with milliseconds and {@code Z}, as SES writes every event time. */
    public static String timestamp(Instant at) {
        return MILLIS.format(at);
    }

    /** The {@code mail} object: who sent what to whom, the headers as sent, common headers, and tags as arrays. */
    public static Map<String, Object> mail(String messageId, Instant acceptedAt, String source, String sourceArn,
                                           String sendingAccountId, List<String> destination,
                                           List<MimeComposer.HeaderLine> headers, Map<String, List<String>> tags) {
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("timestamp", timestamp(acceptedAt));
        mail.put("messageId", messageId);
        mail.put("source", source);
        mail.put("sourceArn", sourceArn);
        mail.put("sendingAccountId", sendingAccountId);
        mail.put("destination", destination);
        List<Map<String, String>> headerList = new ArrayList<>();
        int size = 0;
        boolean truncated = false;
        for (MimeComposer.HeaderLine header : headers) {
            size += header.name().length() + header.value().length();
            if (size > 10 * 1024) {
                truncated = true;
                break;
            }
            headerList.add(Map.of("name", header.name(), "value", header.value()));
        }
        mail.put("headersTruncated", truncated);
        mail.put("headers", headerList);
        mail.put("commonHeaders", commonHeaders(headers, messageId));
        mail.put("tags", tags);
        return mail;
    }

    private static Map<String, Object> commonHeaders(List<MimeComposer.HeaderLine> headers, String messageId) {
        Map<String, Object> common = new LinkedHashMap<>();
        for (MimeComposer.HeaderLine header : headers) {
            String value = decoded(header.value());
            switch (header.name().toLowerCase(Locale.ROOT)) {
                case "from" -> common.put("from", List.of(value.split(",\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
                case "to" -> common.put("to", List.of(value.split(",\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
                case "cc" -> common.put("cc", List.of(value.split(",\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
                case "reply-to" -> common.put("replyTo", List.of(value.split(",\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
                case "sender" -> common.put("sender", value);
                case "return-path" -> common.put("returnPath", value);
                case "date" -> common.put("date", value);
                case "subject" -> common.put("subject", value);
                default -> {
                }
            }
        }
        common.put("messageId", messageId);
        return common;
    }

    /** Common headers are shown decoded (RFC 2047), as SES shows them. */
    private static String decoded(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }
}

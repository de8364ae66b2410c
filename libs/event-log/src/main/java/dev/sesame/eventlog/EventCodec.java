package dev.sesame.eventlog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Envelope to JSON bytes and back: ISO 8601 times, unknown fields tolerated so old readers survive new fields.
 *
 * <p>A codec made with a filter reads a record's envelope fields first and, when the filter does not want the
 * event, answers null without reading its payload (the envelope the filter sees has no payload). The envelope is
 * written before its payload, so for Sesame's own records that skips most of the work.
 */
public final class EventCodec implements Serializer<EventEnvelope>, Deserializer<EventEnvelope> {

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Predicate<EventEnvelope> wanted;

    /**
     * A payload written as {@code value}'s JSON when its event is encoded, without building the tree first: for an
     * event that is only appended (its {@code payload()} is not a tree to read in the process that made it).
     */
    public static JsonNode unread(Object value) {
        return JSON.getNodeFactory().pojoNode(value);
    }

    /** A codec that reads every event. */
    public EventCodec() {
        this(null);
    }

    /** @param wanted which events to read, judged by their envelope without payload; null: all of them */
    public EventCodec(Predicate<EventEnvelope> wanted) {
        this.wanted = wanted;
    }

    @Override
    public byte[] serialize(String topic, EventEnvelope event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event, or null when this codec's filter does not want it. */
    @Override
    public EventEnvelope deserialize(String topic, byte[] data) {
        try (JsonParser parser = JSON.createParser(data)) {
            return read(parser);
        } catch (IOException | DateTimeException | ArithmeticException e) {
            throw new UncheckedIOException("not a Sesame event envelope on " + topic,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private EventEnvelope read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("an envelope is a JSON object");
        }
        String eventId = null;
        String type = null;
        int schemaVersion = 0;
        String tenantId = null;
        String aggregateId = null;
        Instant time = null;
        String requestId = null;
        String causationId = null;
        String causationPosition = null;
        JsonNode payload = null;
        boolean judged = false;
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "eventId" -> eventId = parser.getValueAsString();
                case "type" -> type = parser.getValueAsString();
                case "schemaVersion" -> schemaVersion = parser.getValueAsInt();
                case "tenantId" -> tenantId = parser.getValueAsString();
                case "aggregateId" -> aggregateId = parser.getValueAsString();
                case "time" -> time = time(parser, value);
                case "requestId" -> requestId = parser.getValueAsString();
                case "causationId" -> causationId = parser.getValueAsString();
                case "causationPosition" -> causationPosition = parser.getValueAsString();
                case "payload" -> {
                    if (wanted != null && type != null && tenantId != null) {
                        judged = true;
                        if (!wanted.test(new EventEnvelope(eventId, type, schemaVersion, tenantId, aggregateId, time, requestId,
                                causationId, causationPosition, null))) {
                            return null;
                        }
                    }
                    payload = value == JsonToken.VALUE_NULL ? NullNode.instance : JSON.readTree(parser);
                }
                default -> parser.skipChildren();
            }
        }
        EventEnvelope event = new EventEnvelope(eventId, type, schemaVersion, tenantId, aggregateId, time, requestId, causationId,
                causationPosition, payload);
        return wanted == null || judged || wanted.test(event.withoutPayload()) ? event : null;
    }

    /** The envelope's time: an ISO 8601 string, or seconds since the epoch (as Jackson reads numbers). */
    private static Instant time(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> Instant.ofEpochSecond(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> {
                java.math.BigDecimal seconds = parser.getDecimalValue();
                yield Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).intValue());
            }
            default -> instant(parser.getText());
        };
    }

    /**
     * An ISO 8601 instant as this codec writes it ({@code 2026-11-26T19:52:32.123456Z}) without a formatter,
     * any other form through {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = length > 20 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || nanos < 0) {
            return Instant.parse(text);
        }
        for (int i = length - 21; length > 20 && i < 9; i++) {
            nanos *= 10;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code text[from, to)}; -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // no configuration
    }

    @Override
    public void close() {
        // nothing to release
    }
}

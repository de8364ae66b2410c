package dev.sesame.events.log;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Envelope to JSON bytes and back: ISO 8601 times, unknown fields tolerated so old readers survive new fields. */
public final class EventCodec implements Serializer<EventEnvelope>, Deserializer<EventEnvelope> {

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public byte[] serialize(String topic, EventEnvelope event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public EventEnvelope deserialize(String topic, byte[] data) {
        try {
            return JSON.readValue(data, EventEnvelope.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Sesame event envelope on " + topic, e);
        }
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

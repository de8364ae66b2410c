package dev.sesame.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelope read back as written, times read without a formatter, and events a reader does not want left unread. */
class EventCodecTest {

    private static EventEnvelope event(String type, String tenant) {
        ObjectNode payload = EventCodec.JSON.createObjectNode().put("eventType", type);
        payload.putObject("mail").putArray("destination").add("a@example.com").add("b@example.net");
        payload.putObject("mail2").put("n", 1.5).putNull("none");
        return new EventEnvelope("e-1", type, 2, tenant, "m-1", Instant.parse("2026-11-26T19:52:32.123456Z"), "r-1", null,
                "sesame.sending.messages-0@7", payload);
    }

    @Test
    void anEnvelopeReadsBackAsItWasWritten() {
        EventCodec codec = new EventCodec();
        EventEnvelope written = event("Delivery", "123456789012");
        assertEquals(written, codec.deserialize("t", codec.serialize("t", written)));
        EventEnvelope nullPayload = new EventEnvelope("e-2", "Thing", 1, "123456789012", "a", Instant.EPOCH, null, null, null,
                NullNode.instance);
        assertEquals(nullPayload, codec.deserialize("t", codec.serialize("t", nullPayload)));
    }

    @Test
    void anUnreadPayloadIsWrittenAsItsTreeWouldBe() {
        java.util.Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("at", Instant.parse("2026-11-26T19:52:32.5Z"));
        value.put("list", List.of("a", java.util.Map.of("n", 1)));
        value.put("none", null);
        EventCodec codec = new EventCodec();
        EventEnvelope tree = new EventEnvelope("e", "T", 1, "123456789012", "a", Instant.EPOCH, null, null, null,
                EventCodec.JSON.valueToTree(value));
        EventEnvelope unread = new EventEnvelope("e", "T", 1, "123456789012", "a", Instant.EPOCH, null, null, null,
                EventCodec.unread(value));
        assertEquals(new String(codec.serialize("t", tree), StandardCharsets.UTF_8),
                new String(codec.serialize("t", unread), StandardCharsets.UTF_8));
        assertEquals(tree, codec.deserialize("t", codec.serialize("t", unread)));
    }

    @Test
    void fieldsInAnyOrderUnknownFieldsAndEpochSecondsAreRead() {
        String json = "{\"payload\":{\"x\":[1,{\"y\":2}]},\"added\":{\"later\":[1,2]},\"time\":1700000000,\"type\":\"T\","
                + "\"tenantId\":\"123456789012\",\"eventId\":\"e\",\"schemaVersion\":3,\"aggregateId\":\"a\"}";
        EventEnvelope read = new EventCodec().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), read.time());
        assertEquals(3, read.schemaVersion());
        assertEquals(2, read.payload().at("/x/1/y").asInt());
        assertNull(read.requestId());
    }

    @Test
    void timesAreWhatInstantParseReadsAndWhatItRefusesIsRefused() {
        for (String text : List.of("2026-11-26T19:52:32Z", "2026-11-26T19:52:32.1Z", "2026-11-26T19:52:32.123Z",
                "2026-11-26T19:52:32.123456Z", "2026-11-26T19:52:32.123456789Z", "1969-12-31T23:59:59.999Z", "2024-02-29T00:00:00Z",
                "2026-11-26T19:52:32+01:00", "2026-11-26T24:00:00Z", "2026-11-26T19:52:32.Z")) {
            assertEquals(Instant.parse(text), EventCodec.instant(text), text);
        }
        for (String bad : List.of("2026-13-26T19:52:32Z", "2026-02-30T19:52:32Z", "2026-11-26T25:00:00Z", "2026-11-2xT19:52:32Z",
                "2026-11-26T19:52:32.1234567890Z")) {
            assertThrows(java.time.DateTimeException.class, () -> Instant.parse(bad), bad);
            String json = "{\"eventId\":\"e\",\"type\":\"T\",\"time\":\"" + bad + "\",\"payload\":{}}";
            assertThrows(UncheckedIOException.class, () -> new EventCodec().deserialize("t", json.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void anUnwantedEventIsNullAndItsPayloadIsNotRead() {
        List<EventEnvelope> judged = new ArrayList<>();
        EventCodec codec = new EventCodec(envelope -> {
            judged.add(envelope);
            return envelope.tenantId().equals("111111111111");
        });
        byte[] wanted = codec.serialize("t", event("Send", "111111111111"));
        assertEquals(event("Send", "111111111111"), codec.deserialize("t", wanted));
        assertNull(judged.get(0).payload(), "the filter judges the envelope alone");
        assertEquals("m-1", judged.get(0).aggregateId());

        String unwanted = new String(codec.serialize("t", event("Send", "222222222222")), StandardCharsets.UTF_8);
        String broken = unwanted.substring(0, unwanted.indexOf("\"payload\":") + "\"payload\":".length()) + "{\"eventType\":[[[";
        assertNull(codec.deserialize("t", broken.getBytes(StandardCharsets.UTF_8)), "the payload after the envelope is never parsed");
        assertThrows(UncheckedIOException.class, () -> new EventCodec().deserialize("t", broken.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPayloadBeforeTheEnvelopeIsReadAndThenJudged() {
        EventCodec codec = new EventCodec(envelope -> envelope.type().equals("Delivery"));
        String first = "{\"payload\":{\"n\":1},\"type\":\"%s\",\"tenantId\":\"123456789012\",\"eventId\":\"e\"}";
        assertNull(codec.deserialize("t", String.format(first, "Send").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, codec.deserialize("t", String.format(first, "Delivery").getBytes(StandardCharsets.UTF_8)).payload().path("n").asInt());
    }
}

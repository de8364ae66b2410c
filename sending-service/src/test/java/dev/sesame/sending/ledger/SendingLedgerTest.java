package dev.sesame.sending.ledger;

import dev.sesame.eventlog.catalogue.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger remembers a message's finished recipients only while the message may be read again, that is while
 * its record is at or above the delivery group's committed offset: memory follows what is in flight, not history.
 */
class SendingLedgerTest {

    private static final String ACCOUNT = "123456789012";

    private static EventEnvelope delivery(String messageId, String recipient, String position, Instant at) {
        ObjectNode record = EventCodec.JSON.createObjectNode().put("eventType", "Delivery");
        record.putObject("mail").put("messageId", messageId);
        record.putObject("delivery").putArray("recipients").add(recipient);
        return new EventEnvelope(UUID.randomUUID().toString(), "Delivery", 1, ACCOUNT, messageId, at, null, null, position, record);
    }

    @Test
    void outcomesBelowTheCommittedOffsetAreForgottenAndNotRememberedAgainOnReplay() {
        SendingLedger ledger = new SendingLedger();
        for (int offset = 0; offset < 1000; offset++) {
            ledger.apply(delivery("m-" + offset, "to@example.com", "sesame.sending.messages-0@" + offset, Instant.now()));
        }
        ledger.apply(delivery("other", "to@example.com", "sesame.sending.messages-1@7", Instant.now()));
        assertEquals(1001, ledger.remembered());

        ledger.raiseFloor(Map.of(0, 990L));
        assertEquals(11, ledger.remembered(), "offsets 990-999 of partition 0 and the message of partition 1");
        assertEquals(Set.of(), ledger.finishedRecipients("m-5"));
        assertEquals(Set.of("to@example.com"), ledger.finishedRecipients("m-995"), "a message that may be read again keeps its outcome");
        assertEquals(Set.of("to@example.com"), ledger.finishedRecipients("other"));

        ledger.apply(delivery("m-500", "to@example.com", "sesame.sending.messages-0@500", Instant.now()));
        assertEquals(11, ledger.remembered(), "a replayed outcome below the floor is not remembered again");
        ledger.raiseFloor(Map.of(0, 10L));
        assertEquals(Set.of("to@example.com"), ledger.finishedRecipients("m-995"), "the floor never goes down");
    }

    @Test
    void aReplayDoesNotDecodeDeliveriesBelowTheFloorNorEventsTheLedgerDoesNotCount() {
        SendingLedger ledger = new SendingLedger();
        ledger.raiseFloor(Map.of(0, 990L));
        assertFalse(ledger.wants(delivery("m-5", "to@example.com", "sesame.sending.messages-0@5", Instant.now()).withoutPayload()));
        assertTrue(ledger.wants(delivery("m-995", "to@example.com", "sesame.sending.messages-0@995", Instant.now()).withoutPayload()));
        assertTrue(ledger.wants(delivery("m-5", "to@example.com", "sesame.sending.messages-1@5", Instant.now()).withoutPayload()),
                "another partition has its own floor");
        assertTrue(ledger.wants(delivery("recent", "to@example.com", null, Instant.now()).withoutPayload()));
        assertFalse(ledger.wants(delivery("old", "to@example.com", null, Instant.now().minus(Duration.ofDays(3))).withoutPayload()));
        assertTrue(ledger.wants(send("m-1", Instant.now(), "a@example.com").withoutPayload()));
        EventEnvelope open = new EventEnvelope(UUID.randomUUID().toString(), "Open", 1, ACCOUNT, "m-1", Instant.now(), null, null, null, null);
        assertFalse(ledger.wants(open));
    }

    @Test
    void outcomesWithoutAPositionAreKeptForTwoDaysOnly() {
        SendingLedger ledger = new SendingLedger();
        ledger.apply(delivery("recent", "a@example.com", null, Instant.now().minus(Duration.ofHours(1))));
        ledger.apply(delivery("old", "a@example.com", null, Instant.now().minus(Duration.ofDays(3))));
        assertEquals(Set.of("a@example.com"), ledger.finishedRecipients("recent"));
        assertEquals(Set.of(), ledger.finishedRecipients("old"));
        ledger.raiseFloor(Map.of(0, 1_000_000L));
        assertEquals(Set.of("a@example.com"), ledger.finishedRecipients("recent"), "no position, no floor applies");
    }

    @Test
    void aCommittedSendCountsAtOnceAndOnceWhenItsEventIsApplied() {
        SendingLedger ledger = new SendingLedger();
        ledger.committed(ACCOUNT, "m-1", 0, 0, 2);
        assertEquals(2, ledger.sentLast24Hours(ACCOUNT), "counted before the ledger reads the event back");
        assertEquals(0, ledger.sentLast24Hours("999999999999"));
        ObjectNode record = EventCodec.JSON.createObjectNode().put("eventType", "Send");
        record.putObject("mail").put("messageId", "m-1").putArray("destination").add("a@example.com").add("b@example.com");
        EventEnvelope send = new EventEnvelope(UUID.randomUUID().toString(), "Send", 1, ACCOUNT, "m-1", Instant.now(), null, null, null, record);
        ledger.apply(List.of(new org.apache.kafka.clients.consumer.ConsumerRecord<>(Topics.SENDING, 0, 0L, ACCOUNT, send)));
        assertEquals(2, ledger.sentLast24Hours(ACCOUNT), "not twice");
        ledger.committed(ACCOUNT, "m-0", 0, 0, 5);
        assertEquals(2, ledger.sentLast24Hours(ACCOUNT), "a send the ledger already applied is not counted again");
    }

    private static EventEnvelope send(String messageId, Instant at, String... recipients) {
        ObjectNode record = EventCodec.JSON.createObjectNode().put("eventType", "Send");
        var destination = record.putObject("mail").put("messageId", messageId).putArray("destination");
        for (String recipient : recipients) {
            destination.add(recipient);
        }
        return new EventEnvelope(UUID.randomUUID().toString(), "Send", 1, ACCOUNT, messageId, at, null, null, null, record);
    }

    @Test
    void theDailyCountHoldsTheLast24HoursOfRecipientsWithoutSimulatorAddresses() {
        SendingLedger ledger = new SendingLedger();
        Instant now = Instant.now();
        ledger.apply(send("old", now.minus(Duration.ofHours(25)), "a@example.com", "b@example.com", "c@example.com"));
        assertEquals(0, ledger.sentLast24Hours(ACCOUNT), "a send of 25 hours ago no longer counts");
        ledger.apply(send("yesterday", now.minus(Duration.ofHours(23)), "a@example.com", "b@example.com"));
        ledger.apply(send("now-1", now, "a@example.com", "success@simulator.amazonses.com"));
        ledger.apply(send("now-2", now, "d@example.com"));
        assertEquals(4, ledger.sentLast24Hours(ACCOUNT), "2 of 23 hours ago, 2 now; the simulator recipient is free");
        assertEquals(0, ledger.sentLast24Hours("999999999999"));
    }
}

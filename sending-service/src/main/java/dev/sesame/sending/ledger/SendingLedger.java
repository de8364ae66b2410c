package dev.sesame.sending.ledger;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import dev.sesame.sending.service.MailboxSimulator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sending stream ({@code sesame.sending.events}) adds up to, in memory: recipients sent in the last 24
 * hours per account (the quota), 15-minute statistics for two weeks, and which recipients of a message already
 * have their outcome (so a message read again is not delivered twice). Rebuilt from the topic at every start.
 *
 * <p>Outcomes are kept only for messages that may be read again: those at or after the delivery group's committed
 * offset of their partition (the {@linkplain #raiseFloor floor}; an outcome names its message's record in
 * {@code causationPosition}). Everything below it is delivered and committed, so memory follows the messages in
 * flight, not the history. Outcomes recorded before positions were (none) are kept for {@link #UNPLACED_KEPT}.
 */
@Singleton
public class SendingLedger extends InMemoryProjection {

    static final Duration DAY = Duration.ofHours(24);
    static final Duration STATISTICS_KEPT = Duration.ofDays(14);
    static final long BUCKET_MILLIS = Duration.ofMinutes(15).toMillis();
    static final Duration UNPLACED_KEPT = Duration.ofDays(2);

    /** One account's recipients of the last 24 hours, one entry per second, and their sum. */
    private static final class DailySends {
        private final Deque<long[]> seconds = new ArrayDeque<>(); // {epoch second, recipients}
        private long total;

        void add(Instant at, int recipients) {
            long[] last = seconds.peekLast();
            if (last != null && last[0] == at.getEpochSecond()) {
                last[1] += recipients;
            } else {
                seconds.addLast(new long[] {at.getEpochSecond(), recipients});
            }
            total += recipients;
        }

        void dropBefore(Instant cutoff) {
            while (!seconds.isEmpty() && seconds.peekFirst()[0] < cutoff.getEpochSecond()) {
                total -= seconds.pollFirst()[1];
            }
        }
    }

    private record Unapplied(String accountId, int recipients) {
    }

    /** Where a message's record is (partition -1: not known), as its outcome names it, and when the outcome was. */
    private record Place(int partition, long offset, Instant at) {
    }

    /** A message's recipients with an outcome, and where the message's record is. */
    private record Finished(Place place, Set<String> recipients) {
    }

    /** One 15-minute data point of GetSendStatistics. */
    public record DataPoint(Instant timestamp, long deliveryAttempts, long bounces, long complaints, long rejects) {
    }

    private final Map<String, DailySends> sent = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, long[]>> statistics = new ConcurrentHashMap<>();
    private final Map<String, Finished> finished = new ConcurrentHashMap<>();
    /** Sends this instance committed whose events are not applied yet: counted at once, by message id. */
    private final Map<String, Unapplied> unapplied = new ConcurrentHashMap<>();
    /** Their recipients by account. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Long> floor = new ConcurrentHashMap<>();

    public SendingLedger() {
        super(Topics.SENDING);
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode record = event.payload();
        String account = event.tenantId();
        String messageId = record.at("/mail/messageId").asText();
        long bucket = event.time().toEpochMilli() / BUCKET_MILLIS * BUCKET_MILLIS;
        long[] point = statistics.computeIfAbsent(account, a -> new TreeMap<>()).computeIfAbsent(bucket, b -> new long[4]);
        switch (EventType.of(record.path("eventType").asText())) {
            case SEND -> {
                Unapplied counted = unapplied.remove(messageId);
                if (counted != null) {
                    pending.merge(counted.accountId(), (long) -counted.recipients(), Long::sum);
                }
                int recipients = 0;
                for (JsonNode recipient : record.at("/mail/destination")) {
                    if (!MailboxSimulator.isSimulator(recipient.asText())) {
                        recipients++;
                    }
                }
                point[0] += record.at("/mail/destination").size();
                DailySends sends = sent.computeIfAbsent(account, a -> new DailySends());
                synchronized (this) {
                    sends.add(event.time(), recipients);
                    sends.dropBefore(event.time().minus(DAY));
                }
            }
            case DELIVERY -> {
                Place place = placeOf(event);
                record.at("/delivery/recipients").forEach(r -> finish(place, messageId, r.asText()));
            }
            // The simulator's bounces and complaints count in the statistics as SES's do (they stay out of the daily quota).
            case BOUNCE -> {
                Place place = placeOf(event);
                record.at("/bounce/bouncedRecipients").forEach(r -> {
                    finish(place, messageId, r.path("emailAddress").asText());
                    point[1]++;
                });
            }
            case COMPLAINT -> point[2] += record.at("/complaint/complainedRecipients").size();
            case REJECT -> point[3]++;
            default -> {
            }
        }
    }

    /**
     * What the ledger reads of the stream: sends and what the statistics count, and a delivery only while its message
     * may be read again. On a replay most deliveries are of messages committed long ago (half of the stream): their
     * payloads are not even decoded.
     */
    @Override
    public boolean wants(EventEnvelope envelope) {
        return switch (envelope.eventType()) {
            case SEND, BOUNCE, COMPLAINT, REJECT -> true;
            case DELIVERY -> placeOf(envelope) != null;
            default -> false;
        };
    }

    /**
     * Where an outcome's message is ({@code causationPosition}, {@code <topic>-<partition>@<offset>}); null when the
     * message is not read again (below the floor, or without a position and older than {@link #UNPLACED_KEPT}), so its
     * outcome need not be kept.
     */
    private Place placeOf(EventEnvelope event) {
        String position = event.causationPosition();
        if (position == null) {
            return event.time().isBefore(Instant.now().minus(UNPLACED_KEPT)) ? null : new Place(-1, -1, event.time());
        }
        int partition = Integer.parseInt(position.substring(position.lastIndexOf('-') + 1, position.lastIndexOf('@')));
        long offset = Long.parseLong(position.substring(position.lastIndexOf('@') + 1));
        return offset < floor.getOrDefault(partition, 0L) ? null : new Place(partition, offset, event.time());
    }

    /** Remembers that {@code recipient} of the message has its outcome, if the message may be read again ({@code place}). */
    private void finish(Place place, String messageId, String recipient) {
        if (place != null) {
            finished.computeIfAbsent(messageId, m -> new Finished(place, ConcurrentHashMap.newKeySet()))
                    .recipients().add(recipient.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The delivery group's committed offsets of the messages topic, by partition: no message below them is read
     * again, so their outcomes are forgotten (now, and when a rebuild replays them).
     */
    public void raiseFloor(Map<Integer, Long> committed) {
        committed.forEach((partition, offset) -> floor.merge(partition, offset, Math::max));
        Instant unplaced = Instant.now().minus(UNPLACED_KEPT);
        finished.values().removeIf(f -> f.place().partition() < 0 ? f.place().at().isBefore(unplaced)
                : f.place().offset() < floor.getOrDefault(f.place().partition(), 0L));
    }

    /** How many messages' outcomes are kept (those that may be read again). */
    public int remembered() {
        return finished.size();
    }

    /**
     * Batched: no command waits for the ledger (a send counts itself at once through {@link #committed}), and it reads
     * every event of the busiest stream.
     */
    @Override
    public boolean batched() {
        return true;
    }

    /** Statistics cover two weeks, the quota a day, retries hours: a rebuild reads the last fifteen days. */
    @Override
    public java.util.Optional<Duration> history() {
        return java.util.Optional.of(STATISTICS_KEPT.plus(DAY));
    }

    @Override
    protected void clear() {
        unapplied.clear();
        pending.clear();
        sent.clear();
        statistics.clear();
        finished.clear();
    }

    /**
     * A Send this instance just committed, at that position of the ledger's topic: the quota counts it before the
     * ledger reads it back, so a request need not wait for the ledger (read-your-writes without the wait).
     */
    public synchronized void committed(String accountId, String messageId, int partition, long offset, int recipients) {
        Long applied = positions().get(new org.apache.kafka.common.TopicPartition(Topics.SENDING, partition));
        if ((applied == null || offset >= applied) && unapplied.putIfAbsent(messageId, new Unapplied(accountId, recipients)) == null) {
            pending.merge(accountId, (long) recipients, Long::sum);
        }
    }

    /** Recipients (simulator addresses excluded) the account sent to in the last 24 hours. */
    public synchronized long sentLast24Hours(String accountId) {
        long counted = pending.getOrDefault(accountId, 0L);
        DailySends sends = sent.get(accountId);
        if (sends == null) {
            return counted;
        }
        sends.dropBefore(Instant.now().minus(DAY));
        return counted + sends.total;
    }

    /** The account's 15-minute data points of the last two weeks that have any activity, oldest first. */
    public synchronized List<DataPoint> statistics(String accountId) {
        NavigableMap<Long, long[]> points = statistics.getOrDefault(accountId, new TreeMap<>());
        long since = Instant.now().minus(STATISTICS_KEPT).toEpochMilli();
        points.headMap(since, false).clear();
        List<DataPoint> result = new ArrayList<>();
        points.forEach((at, p) -> result.add(new DataPoint(Instant.ofEpochMilli(at), p[0], p[1], p[2], p[3])));
        return result;
    }

    /** Recipients of a message whose outcome (delivery or bounce) is already recorded. */
    public Set<String> finishedRecipients(String messageId) {
        Finished entry = finished.get(messageId);
        return entry == null ? Set.of() : new HashSet<>(entry.recipients());
    }
}

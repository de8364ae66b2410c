package dev.sesame.sending.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.events.log.InMemoryProjection;
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
 * have their outcome (so a redelivered message is not delivered twice). Rebuilt from the topic at every start.
 */
@Singleton
public class SendingLedger extends InMemoryProjection {

    public static final String TOPIC = "sesame.sending.events";
    static final Duration DAY = Duration.ofHours(24);
    static final Duration STATISTICS_KEPT = Duration.ofDays(14);
    static final long BUCKET_MILLIS = Duration.ofMinutes(15).toMillis();

    private record Sent(Instant at, int recipients) {
    }

    /** One 15-minute data point of GetSendStatistics. */
    public record DataPoint(Instant timestamp, long deliveryAttempts, long bounces, long complaints, long rejects) {
    }

    private final Map<String, Deque<Sent>> sent = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, long[]>> statistics = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> finished = new ConcurrentHashMap<>();

    public SendingLedger() {
        super(TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode record = event.payload();
        String account = event.tenantId();
        String messageId = record.at("/mail/messageId").asText();
        long bucket = event.time().toEpochMilli() / BUCKET_MILLIS * BUCKET_MILLIS;
        long[] point = statistics.computeIfAbsent(account, a -> new TreeMap<>()).computeIfAbsent(bucket, b -> new long[4]);
        switch (record.path("eventType").asText()) {
            case "Send" -> {
                int counted = 0;
                for (JsonNode recipient : record.at("/mail/destination")) {
                    if (!MailboxSimulator.isSimulator(recipient.asText())) {
                        counted++;
                    }
                }
                point[0] += record.at("/mail/destination").size();
                sent.computeIfAbsent(account, a -> new ArrayDeque<>()).addLast(new Sent(event.time(), counted));
            }
            case "Delivery" -> record.at("/delivery/recipients").forEach(r -> finish(messageId, r.asText()));
            case "Bounce" -> record.at("/bounce/bouncedRecipients").forEach(r -> {
                finish(messageId, r.path("emailAddress").asText());
                if (!MailboxSimulator.isSimulator(r.path("emailAddress").asText())) {
                    point[1]++;
                }
            });
            case "Complaint" -> record.at("/complaint/complainedRecipients").forEach(r -> {
                if (!MailboxSimulator.isSimulator(r.path("emailAddress").asText())) {
                    point[2]++;
                }
            });
            case "Reject" -> point[3]++;
            default -> {
            }
        }
    }

    private void finish(String messageId, String recipient) {
        finished.computeIfAbsent(messageId, m -> ConcurrentHashMap.newKeySet()).add(recipient.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    protected void clear() {
        sent.clear();
        statistics.clear();
        finished.clear();
    }

    /** Recipients (simulator addresses excluded) the account sent to in the last 24 hours. */
    public synchronized long sentLast24Hours(String accountId) {
        Deque<Sent> sends = sent.get(accountId);
        if (sends == null) {
            return 0;
        }
        Instant since = Instant.now().minus(DAY);
        while (!sends.isEmpty() && sends.peekFirst().at().isBefore(since)) {
            sends.pollFirst();
        }
        return sends.stream().mapToLong(Sent::recipients).sum();
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
        return new HashSet<>(finished.getOrDefault(messageId, Set.of()));
    }
}

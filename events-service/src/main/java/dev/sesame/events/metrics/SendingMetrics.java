package dev.sesame.events.metrics;

import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.events.service.Destinations;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudWatch-style metrics of every CloudWatch destination: counters named as SES names them (Send, Reject,
 * Bounce, Complaint, Delivery) per tenant, configuration set, destination and dimension values, per minute.
 * Projected in memory from {@code sesame.sending.events} and rebuilt at start.
 */
@Singleton
public class SendingMetrics extends InMemoryProjection {

    /** One series: whose, which metric, with which dimensions. */
    public record Series(String accountId, String configurationSet, String destination, String metric, Map<String, String> dimensions) {
    }

    /** One per-minute sum of a series. */
    public record Datapoint(Instant minute, long sum) {
    }

    private final Destinations destinations;
    private final Map<Series, TreeMap<Instant, AtomicLong>> series = new ConcurrentHashMap<>();

    public SendingMetrics(Destinations destinations) {
        super(Topics.SENDING);
        this.destinations = destinations;
    }

    /** Only the records of tenants with a CloudWatch destination are read. */
    @Override
    public boolean wants(EventEnvelope envelope) {
        return destinations.any(envelope.tenantId(), destination -> destination.cloudWatch() != null);
    }

    /** Batched: no command waits for the metrics, and they read every event of the busiest stream. */
    @Override
    public boolean batched() {
        return true;
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode record = event.payload();
        String set = record.at("/mail/tags/ses:configuration-set/0").asText();
        Instant minute = event.time().truncatedTo(ChronoUnit.MINUTES);
        for (ConfigurationSetEvents.Destination destination : destinations.of(event.tenantId(), record)) {
            if (destination.cloudWatch() != null) {
                Series key = new Series(event.tenantId(), set, destination.name(), record.path("eventType").asText(),
                        Destinations.dimensions(destination.cloudWatch(), record));
                series.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(minute, m -> new AtomicLong())
                        .addAndGet(Destinations.count(record));
            }
        }
    }

    @Override
    protected void clear() {
        series.clear();
    }

    /** Every series and its total, for the Prometheus export. */
    public synchronized Map<Series, Long> totals() {
        Map<Series, Long> totals = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        series.forEach((key, points) -> totals.put(key, points.values().stream().mapToLong(AtomicLong::get).sum()));
        return totals;
    }

    /** The per-minute points of one tenant's series of {@code metric} between two times. */
    public synchronized Map<Series, List<Datapoint>> query(String accountId, String metric, Instant from, Instant to) {
        Map<Series, List<Datapoint>> result = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        series.forEach((key, points) -> {
            if (key.accountId().equals(accountId) && (metric == null || key.metric().equals(metric))) {
                List<Datapoint> selected = new ArrayList<>();
                points.subMap(from, true, to, true).forEach((minute, sum) -> selected.add(new Datapoint(minute, sum.get())));
                result.put(key, selected);
            }
        });
        return result;
    }
}

package dev.sesame.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.InMemoryProjection;
import dev.sesame.eventlog.ProjectionRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilding a projection: writes N events shaped like the sending stream's (a tenant, a type, an SES-like
 * payload) to a fresh topic, then times a {@link ProjectionRunner} replaying them into an in-memory projection
 * that counts per tenant and type, as the sending ledger does.
 */
public final class Rebuild {


    /** Counts per tenant and event type. */
    static final class Counts extends InMemoryProjection {
        final Map<String, Map<String, Long>> counts = new HashMap<>();
        long applied;

        Counts(String topic) {
            super(topic);
        }

        @Override
        protected void apply(EventEnvelope event) {
            counts.computeIfAbsent(event.tenantId(), t -> new HashMap<>()).merge(event.type(), 1L, Long::sum);
            applied++;
        }

        @Override
        protected void clear() {
            counts.clear();
            applied = 0;
        }
    }

    private Rebuild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("events", "1000000", "out", "bench/results"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String bootstrap = options.get("kafka");
        int total = Integer.parseInt(options.get("events"));
        String topic = "sesame.bench.rebuild-" + System.currentTimeMillis();
        String[] types = {"Send", "Delivery", "Bounce", "Complaint", "Reject"};
        long writeStart = System.nanoTime();
        try (EventLog log = new EventLog(bootstrap, "bench-rebuild")) {
            log.ensureTopics(List.of(topic), 3);
            List<CompletableFuture<?>> window = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String tenant = String.format(Locale.ROOT, "%012d", i % 100);
                var payload = JsonNodeFactory.instance.objectNode().put("eventType", types[i % types.length]);
                payload.putObject("mail").put("messageId", "0100018c-" + i).put("source", "bench@bench.example.com")
                        .putArray("destination").add("success@simulator.amazonses.com");
                window.add(log.append(topic, tenant, EventEnvelope.of(types[i % types.length], 1, tenant, "0100018c-" + i, null, payload)));
                if (window.size() == 10_000) {
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    window.clear();
                }
            }
            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        }
        Counts counts = new Counts(topic);
        long start = System.nanoTime();
        try (ProjectionRunner runner = new ProjectionRunner("bench-rebuild", counts, bootstrap)) {
            runner.start();
            runner.awaitCaughtUp(ends).get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String report = String.format(Locale.ROOT, """
                # Benchmark `rebuild`, %s

                Command: `%s`

                Machine: %s

                %d events (100 tenants, 5 types, SES-like payloads) written to `%s` (3 partitions) in %.1f s; a projection
                runner replayed them into an in-memory projection counting per tenant and type.

                | events | rebuild (s) | events/s | applied |
                |---|---|---|---|
                | %d | %.1f | %.0f | %d |
                """, Instant.now(), options.getOrDefault("command", "(direct)"), String.join("; ", ProcessStats.machine()), total, topic,
                writeSeconds, total, seconds, total / seconds, counts.applied);
        Reports.write(options.get("out"), "rebuild", report);
        System.exit(counts.applied == total ? 0 : 1);
    }
}

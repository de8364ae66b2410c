package dev.sesame.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.testing.TestDnsServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reliability scenario ({@code ./sesame bench chaos}): an open-loop SendEmail load, mixed (recipients behind an
 * SMTP sink the sending service relays to, and the mailbox simulator's success, bounce and complaint addresses),
 * through a configuration set whose Firehose-style stream takes Send, Delivery, Bounce and Complaint events; during
 * it each part of the stack in turn is killed with {@code kill -9} and started again by the launcher.
 *
 * <p>Then it reconciles what the clients were told with what happened: every SendEmail answered with a MessageId is
 * delivered to the sink exactly once (simulator recipients: has its outcome event), its events are in the stream,
 * GetSendStatistics counts it, and no refused request was sent. It restarts the stack (two sending instances, its
 * own DNS and relay) and stops it at the end.
 */
public final class Chaos {

    private static final String STREAM = "bench-chaos";
    private static final String SINK_DOMAIN = "inbox.example.net";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST = Pattern.compile("^chaos (\\d+)$");

    /** What a request asks for, by its number: seven in ten to the sink, one each to three simulator addresses. */
    enum Kind {
        SINK(List.of("Send", "Delivery")), SUCCESS(List.of("Send", "Delivery")), BOUNCE(List.of("Send", "Bounce")),
        COMPLAINT(List.of("Send", "Delivery", "Complaint"));

        final List<String> events;

        Kind(List<String> events) {
            this.events = events;
        }

        static Kind of(long request) {
            return switch ((int) (request % 10)) {
                case 7 -> SUCCESS;
                case 8 -> BOUNCE;
                case 9 -> COMPLAINT;
                default -> SINK;
            };
        }

        String recipient(long request) {
            return switch (this) {
                case SINK -> "reader-" + request + "@" + SINK_DOMAIN;
                case SUCCESS -> "success@simulator.amazonses.com";
                case BOUNCE -> "bounce@simulator.amazonses.com";
                case COMPLAINT -> "complaint@simulator.amazonses.com";
            };
        }
    }

    /** A request's answer: HTTP status (0: none came), the MessageId or error code, when it was due. */
    record Answer(long request, int status, String value, long dueAtNanos) {
    }

    /** One kill: of what, when ({@link System#nanoTime()}), how long until the launcher had it ready again. */
    record Kill(String part, long atNanos, double backAfterSeconds, String failure) {
    }

    private Chaos() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("region", "us-east-1", "out", "bench/results", "rate", "300",
                "gap", "20", "warmup", "20", "connections", "64", "kills", "gateway,sending,sending-2,events,identity,receipt,kafka,postgres"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(options.get("root"));
        Path home = Path.of(options.get("home"));
        int rate = Integer.parseInt(options.get("rate"));
        Duration gap = Duration.ofSeconds(Long.parseLong(options.get("gap")));
        List<String> parts = options.get("kills").equals("none") ? List.of() : List.of(options.get("kills").split(","));
        URI sesame = URI.create(options.get("sesame"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (TestDnsServer dns = new TestDnsServer(); SinkServer sink = new SinkServer(vertx)) {
            Deliver.launcher(root, Map.of(), "down");
            Deliver.launcher(root, Map.of("SESAME_DNS_RESOLVER", dns.address(), "SESAME_SMTP_RELAY", "127.0.0.1:" + sink.port(),
                    "SESAME_REQUESTS_PER_SECOND", "1000000", "SESAME_DNS_CHECK_INTERVAL", "PT2S",
                    "SESAME_FIREHOSE_BUFFER_INTERVAL", "PT5S"), "up", "--no-keycloak", "--replicas", "sending=2");
            try {
                Deliver.Admin admin = new Deliver.Admin(sesame, Deliver.secret(home, "SESAME_ADMIN_TOKEN"));
                Deliver.Tenant tenant = admin.tenant();
                SigV4Signer signer = new SigV4Signer(tenant.key(), tenant.secret(), options.get("region"));
                Deliver.Ses ses = new Deliver.Ses(sesame, signer);
                Deliver.prepare(ses, admin, dns, tenant.account(), STREAM, List.of("send", "delivery", "bounce", "complaint"));

                // Warm first (the services' JIT; a cold stack is slow), with mail of its own: to the simulator, no stream.
                byte[] warm = Bench.form(Map.of("Action", "SendEmail", "Version", "2010-12-01", "Source", "news@" + Deliver.DOMAIN,
                        "Destination.ToAddresses.member.1", "success@simulator.amazonses.com", "Message.Subject.Data", "warm-up",
                        "Message.Body.Text.Data", "."));
                LoadRun.Result warmup = new LoadRun(vertx, sesame, signer, warm, Integer.parseInt(options.get("connections")))
                        .run("warm-up", Duration.ofSeconds(Long.parseLong(options.get("warmup"))), rate);
                Map<Long, Answer> answers = new ConcurrentHashMap<>();
                List<Kill> kills = new ArrayList<>();
                java.util.concurrent.CompletableFuture<Void> over = new java.util.concurrent.CompletableFuture<>();
                Thread killer = new Thread(() -> {
                    killInTurn(root, parts, gap, kills);
                    over.complete(null);
                }, "chaos-killer");
                killer.start();
                LoadRun.Result load = new LoadRun(vertx, sesame, signer, request -> body(request), Integer.parseInt(options.get("connections")))
                        .onAnswered((request, status, value, due) -> answers.put(request, new Answer(request, status, value, due)))
                        .until(over).run("Sesame", Duration.ofHours(1), rate);
                killer.join();
                Deliver.launcher(root, Map.of(), "status");

                Map<String, Long> accepted = new HashMap<>();
                answers.values().stream().filter(a -> a.status() == 200).forEach(a -> accepted.put(a.value(), a.request()));
                Set<String> toSink = new java.util.HashSet<>();
                accepted.forEach((id, request) -> {
                    if (Kind.of(request) == Kind.SINK) {
                        toSink.add(id);
                    }
                });
                awaitArrivals(sink, toSink, Duration.ofSeconds(120));
                Thread.sleep(5_000); // a second copy, if one comes, comes by now
                Path stream = home.resolve("firehose").resolve(tenant.account()).resolve(STREAM);
                Map<String, Records> records = awaitStream(stream, accepted, Duration.ofSeconds(120));
                String statistics = ses.call("GetSendStatistics", Map.of());
                Reconciliation result = reconcile(answers, kills, sink, records, statistics);
                Reports.write(options.get("out"), "chaos", report(options, rate, gap, warmup, load, kills, result));
            } finally {
                Deliver.launcher(root, Map.of(), "down");
                vertx.close();
            }
        }
        System.exit(0);
    }

    static byte[] body(long request) {
        Kind kind = Kind.of(request);
        return Bench.form(Map.of("Action", "SendEmail", "Version", "2010-12-01", "Source", "news@" + Deliver.DOMAIN,
                "Destination.ToAddresses.member.1", kind.recipient(request), "Message.Subject.Data", "chaos " + request,
                "Message.Body.Text.Data", "Message " + request + " of the chaos run.", "ConfigurationSetName", STREAM));
    }

    /**
     * Kills the parts in turn: each after {@code gap} of load since the one before was ready again (or since the
     * start), started again by the launcher; the load ends {@code gap} after the last is back.
     */
    private static void killInTurn(Path root, List<String> parts, Duration gap, List<Kill> kills) {
        try {
            for (String part : parts) {
                Thread.sleep(gap.toMillis());
                long killed = System.nanoTime();
                String failure = null;
                try {
                    Deliver.launcher(root, Map.of(), "kill", part);
                    Deliver.launcher(root, Map.of(), "restart", part);
                } catch (IllegalStateException | IOException e) {
                    failure = e.getMessage();
                }
                synchronized (kills) {
                    kills.add(new Kill(part, killed, (System.nanoTime() - killed) / 1e9, failure));
                }
            }
            Thread.sleep(gap.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until every message to the sink arrived, or nothing new arrived for the patience. */
    private static void awaitArrivals(SinkServer sink, Set<String> ids, Duration patience) throws InterruptedException {
        long last = -1;
        long since = System.nanoTime();
        while (!sink.arrivals().keySet().containsAll(ids)) {
            long now = sink.messages();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > patience.toNanos()) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** One message's records in the stream: how many of each event type, and the subject its mail had. */
    record Records(Map<String, Integer> byType, String subject) {
    }

    /** The stream's records by message id, once every accepted message has all its events or nothing new came. */
    private static Map<String, Records> awaitStream(Path stream, Map<String, Long> accepted, Duration patience)
            throws IOException, InterruptedException {
        long seen = -1;
        long since = System.nanoTime();
        while (true) {
            Map<String, Records> records = readStream(stream);
            boolean complete = accepted.entrySet().stream().allMatch(message -> {
                Records found = records.get(message.getKey());
                return found != null && found.byType().keySet().containsAll(Kind.of(message.getValue()).events);
            });
            long count = records.values().stream().mapToLong(r -> r.byType().values().stream().mapToLong(Integer::longValue).sum()).sum();
            if (count != seen) {
                seen = count;
                since = System.nanoTime();
            }
            if (complete || System.nanoTime() - since > patience.toNanos()) {
                return records;
            }
            Thread.sleep(1000);
        }
    }

    private static Map<String, Records> readStream(Path stream) throws IOException {
        Map<String, Records> records = new HashMap<>();
        if (!Files.isDirectory(stream)) {
            return records;
        }
        try (Stream<Path> files = Files.walk(stream)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = JSON.readTree(line);
                    String id = record.at("/mail/messageId").asText();
                    Records found = records.computeIfAbsent(id, i -> new Records(new HashMap<>(),
                            record.at("/mail/commonHeaders/subject").asText()));
                    found.byType().merge(record.path("eventType").asText(), 1, Integer::sum);
                }
            }
        }
        return records;
    }

    /** The counts of one phase of the run (before the first kill, or from one kill to the next). */
    static final class Phase {
        long requests;
        long accepted;
        long refused;
        long unknown;
        long delivered;
        long lost;
        long duplicated;
        long eventsLost;
        long duplicateRecords;
        long refusedButSent;
        long unknownButSent;
        final Map<String, Long> refusals = new java.util.TreeMap<>();
    }

    /**
     * {@code copiesAfter}: the duplicated messages by the part last killed before their second copy arrived (a
     * message accepted before one kill may be delivered twice at a later one).
     */
    record Reconciliation(List<Phase> phases, Phase total, long[] statistics, long sendRecords, List<String> examples,
                          Map<String, Long> copiesAfter) {
    }

    static Reconciliation reconcile(Map<Long, Answer> answers, List<Kill> kills, SinkServer sink, Map<String, Records> records,
                                    String statistics) {
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i <= kills.size(); i++) {
            phases.add(new Phase());
        }
        Phase total = new Phase();
        List<String> examples = new ArrayList<>();
        Map<String, Long> copiesAfter = new java.util.TreeMap<>();
        // What reached the sink and the stream, by the request that asked for it (its number is in the subject).
        Map<Long, String> arrivedByRequest = new HashMap<>();
        sink.arrivals().forEach((id, arrival) -> {
            Matcher request = REQUEST.matcher(arrival.subject());
            if (request.matches()) {
                arrivedByRequest.put(Long.parseLong(request.group(1)), id);
            }
        });
        Map<Long, String> sentByRequest = new HashMap<>();
        records.forEach((id, found) -> {
            Matcher request = REQUEST.matcher(found.subject());
            if (request.matches() && found.byType().containsKey("Send")) {
                sentByRequest.put(Long.parseLong(request.group(1)), id);
            }
        });
        for (Answer answer : answers.values()) {
            int index = 0;
            for (Kill kill : kills) {
                if (kill.atNanos() <= answer.dueAtNanos()) {
                    index++;
                }
            }
            Kind kind = Kind.of(answer.request());
            for (Phase phase : List.of(phases.get(index), total)) {
                phase.requests++;
                if (answer.status() == 200) {
                    phase.accepted++;
                    String id = answer.value();
                    Records found = records.get(id);
                    boolean delivered = kind == Kind.SINK ? sink.copies(id) > 0
                            : found != null && found.byType().containsKey(kind.events.get(1));
                    if (delivered) {
                        phase.delivered++;
                    } else {
                        phase.lost++;
                        example(examples, phase == total, "lost: request " + answer.request() + " (" + kind + ") " + id);
                    }
                    if (kind == Kind.SINK && sink.copies(id) > 1) {
                        phase.duplicated++;
                        if (phase == total) {
                            String after = "before any kill";
                            for (Kill kill : kills) {
                                if (kill.atNanos() <= sink.lastCopyAt(id)) {
                                    after = "kill -9 " + kill.part();
                                }
                            }
                            copiesAfter.merge(after, 1L, Long::sum);
                        }
                        example(examples, phase == total, "duplicated: " + id + " arrived " + sink.copies(id) + " times");
                    }
                    for (String type : kind.events) {
                        Integer count = found == null ? null : found.byType().get(type);
                        if (count == null) {
                            phase.eventsLost++;
                            example(examples, phase == total, "event lost: " + type + " of " + id);
                        } else if (count > 1) {
                            phase.duplicateRecords += count - 1;
                        }
                    }
                } else {
                    boolean sent = arrivedByRequest.containsKey(answer.request()) || sentByRequest.containsKey(answer.request());
                    if (answer.status() == 0 || answer.status() == 500) {
                        // No answer, or InternalFailure: the client does not know (a 503 says "not sent").
                        phase.unknown++;
                        phase.unknownButSent += sent ? 1 : 0;
                        if (answer.status() == 500) {
                            phase.refusals.merge("500 " + answer.value(), 1L, Long::sum);
                        }
                    } else {
                        phase.refused++;
                        phase.refusals.merge(answer.status() + " " + answer.value(), 1L, Long::sum);
                        if (sent) {
                            phase.refusedButSent++;
                            example(examples, phase == total, "refused but sent: request " + answer.request() + " answered "
                                    + answer.status() + " " + answer.value());
                        }
                    }
                }
            }
        }
        long[] sums = new long[4];
        String[] fields = {"DeliveryAttempts", "Bounces", "Complaints", "Rejects"};
        for (int i = 0; i < fields.length; i++) {
            Matcher value = Pattern.compile("<" + fields[i] + ">(\\d+)</" + fields[i] + ">").matcher(statistics);
            while (value.find()) {
                sums[i] += Long.parseLong(value.group(1));
            }
        }
        long sendRecords = records.values().stream().filter(r -> r.byType().containsKey("Send")).count();
        return new Reconciliation(phases, total, sums, sendRecords, examples, copiesAfter);
    }

    private static void example(List<String> examples, boolean once, String text) {
        if (once && examples.size() < 20) {
            examples.add(text);
        }
    }

    private static String report(Map<String, String> options, int rate, Duration gap, LoadRun.Result warmup, LoadRun.Result load,
                                 List<Kill> kills, Reconciliation result) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark `chaos`, ").append(Instant.now()).append("\n\n");
        md.append("Command: `").append(options.getOrDefault("command", "(direct)")).append("`\n\n");
        md.append("Machine: ").append(String.join("; ", ProcessStats.machine())).append("\n\n");
        md.append(String.format(Locale.ROOT, "Open-loop SendEmail at %d requests/s offered for %.0f s over %s keep-alive connections "
                + "(`./sesame up --no-keycloak --replicas sending=2`, relay to an SMTP sink in the load generator): 7 in 10 to "
                + "the sink, 1 each to the simulator's success, bounce and complaint addresses, all through configuration set %s "
                + "(Send, Delivery, Bounce, Complaint to a Firehose-style stream), after %d s of warm-up. %d s into the load, and %d s "
                + "after each part is back, the next is killed with `./sesame kill` (kill -9) and started again with "
                + "`./sesame restart`. No request is retried.%n%n",
                rate, load.seconds(), options.get("connections"), STREAM, Math.round(warmup.seconds()), gap.toSeconds(), gap.toSeconds()));
        md.append("| phase | back after (s) | requests | accepted (200) | refused | unknown | delivered | lost | duplicated "
                + "| events lost | duplicate records | refused but sent | unknown but sent | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < result.phases().size(); i++) {
            Kill kill = i == 0 ? null : kills.get(i - 1);
            String name = kill == null ? "before the first kill" : "kill -9 " + kill.part();
            String back = kill == null ? "" : kill.failure() != null ? "did not come back: " + kill.failure()
                    : String.format(Locale.ROOT, "%.1f", kill.backAfterSeconds());
            row(md, name, back, result.phases().get(i));
        }
        row(md, "**all**", "", result.total());
        if (!result.copiesAfter().isEmpty()) {
            md.append("\nDuplicated messages by the kill their second copy came after: ").append(result.copiesAfter()).append('\n');
        }
        long[] stats = result.statistics();
        md.append(String.format(Locale.ROOT, "%nGetSendStatistics afterwards: DeliveryAttempts %d, Bounces %d, Complaints %d, Rejects %d. "
                + "Sent: %d of the warm-up (to the simulator, outside the stream) and %d Send records in the stream (accepted %d, "
                + "unknown but sent %d, refused but sent %d): DeliveryAttempts %s.%n",
                stats[0], stats[1], stats[2], stats[3], warmup.ok(), result.sendRecords(), result.total().accepted,
                result.total().unknownButSent, result.total().refusedButSent,
                stats[0] == warmup.ok() + result.sendRecords() ? "counts every one" : "differs by " + (stats[0] - warmup.ok() - result.sendRecords())));
        for (LoadRun.Result run : List.of(warmup, load)) {
            md.append(String.format(Locale.ROOT, "%nLoad generator, %s: %d requests in %.0f s, %d answered 200, p50 %.1f ms, p99 %.1f ms, "
                    + "max %.0f ms; errors %s%n", run == warmup ? "warm-up" : "run", run.requests(), run.seconds(), run.ok(),
                    run.percentileMillis(50), run.percentileMillis(99), run.percentileMillis(100), run.errors()));
        }
        if (!result.examples().isEmpty()) {
            md.append("\nFirst findings:\n\n");
            result.examples().forEach(e -> md.append("- ").append(e).append('\n'));
        }
        md.append("""

                Reading: *accepted* got a 200 with a MessageId; *delivered* reached the sink (simulator recipients: their
                Delivery or Bounce event is in the stream); *lost* is accepted and not delivered; *duplicated* reached the sink
                more than once; *events lost* are the accepted messages' expected events missing from the stream; *duplicate
                records* are the stream's records written twice (the stream is at least once); *refused* got an error that
                says the message was not sent (503, 4xx), and *refused but sent* were sent anyway (a client retrying them
                sends them twice); *unknown* got no answer (the connection failed) or 500 InternalFailure, which tell the
                client nothing, and *unknown but sent* were sent.
                """);
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String back, Phase p) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n", name, back,
                p.requests, p.accepted, p.refused, p.unknown, p.delivered, p.lost, p.duplicated, p.eventsLost, p.duplicateRecords,
                p.refusedButSent, p.unknownButSent, p.refusals.isEmpty() ? "" : p.refusals.toString()));
    }
}

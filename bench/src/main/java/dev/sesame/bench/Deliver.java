package dev.sesame.bench;

import dev.sesame.testing.TestDnsServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The end-to-end scenario ({@code ./sesame bench deliver}): SendEmail at a fixed offered rate from a domain with
 * Easy DKIM, through a configuration set whose Firehose-style stream takes every Delivery event, to an SMTP sink
 * the sending service relays to. Measures acceptance (as the other scenarios) and, per message, the time from its
 * API request to its arrival at the sink; counts DKIM-signed arrivals and the Delivery records in the stream.
 *
 * <p>It restarts the stack with its own DNS server (the domain's verification and DKIM records) and relay, and
 * stops it at the end. moto gets the same SendEmail requests (it accepts them; it delivers nothing), unless
 * {@code --moto false}.
 */
public final class Deliver {

    static final String DOMAIN = "bench.example.com";
    private static final String STREAM = "bench-delivery";
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    private Deliver() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("region", "us-east-1", "out", "bench/results", "rate", "1000",
                "duration", "60", "warmup", "30", "connections", "64"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(options.get("root"));
        Path home = Path.of(options.get("home"));
        int rate = Integer.parseInt(options.get("rate"));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.get("duration")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.get("warmup")));
        int connections = Integer.parseInt(options.get("connections"));
        URI sesame = URI.create(options.get("sesame"));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (TestDnsServer dns = new TestDnsServer(); SinkServer sink = new SinkServer(vertx)) {
            launcher(root, Map.of(), "down");
            launcher(root, Map.of("SESAME_DNS_RESOLVER", dns.address(), "SESAME_SMTP_RELAY", "127.0.0.1:" + sink.port(),
                    "SESAME_REQUESTS_PER_SECOND", "1000000", "SESAME_DNS_CHECK_INTERVAL", "PT2S"), "up", "--no-keycloak");
            try {
                Admin admin = new Admin(sesame, secret(home, "SESAME_ADMIN_TOKEN"));
                Tenant tenant = admin.tenant();
                Ses ses = new Ses(sesame, new SigV4Signer(tenant.key(), tenant.secret(), options.get("region")));
                prepare(ses, admin, dns, tenant.account(), STREAM, List.of("delivery"));

                byte[] body = Bench.form(Map.of("Action", "SendEmail", "Version", "2010-12-01", "Source", "news@" + DOMAIN,
                        "Destination.ToAddresses.member.1", "reader@inbox.example.net", "Message.Subject.Data", "benchmark",
                        "Message.Body.Text.Data", "A message of the end-to-end benchmark.", "ConfigurationSetName", STREAM));
                SigV4Signer signer = new SigV4Signer(tenant.key(), tenant.secret(), options.get("region"));
                new LoadRun(vertx, sesame, signer, body, connections).run("warm-up", warmup, rate);
                Map<String, Long> pids = ProcessStats.of(home);
                Map<String, ProcessStats.Sample> before = ProcessStats.sample(pids);
                Map<String, Long> due = new ConcurrentHashMap<>();
                LoadRun.Result accepted = new LoadRun(vertx, sesame, signer, body, connections)
                        .onAccepted(due::put).run("Sesame", duration, rate);
                awaitArrivals(sink, due.keySet(), Duration.ofSeconds(120));
                Map<String, ProcessStats.Sample> after = ProcessStats.sample(pids);
                long streamed = awaitStream(home.resolve("firehose").resolve(tenant.account()).resolve(STREAM), due.keySet(),
                        Duration.ofSeconds(120));

                LoadRun.Result moto = options.getOrDefault("moto", "true").equals("false") ? null
                        : motoRun(vertx, body, connections, rate, duration, options.get("region"));
                String report = report(options, rate, duration, warmup, connections, accepted, moto, due, sink, streamed, pids, before,
                        after);
                Reports.write(options.get("out"), "deliver", report);
            } finally {
                launcher(root, Map.of(), "down");
                vertx.close();
            }
        }
        System.exit(0);
    }

    /**
     * The domain verified, Easy DKIM verified through the test's DNS, and a configuration set of the stream's name
     * whose Firehose-style stream takes the event types.
     */
    static void prepare(Ses ses, Admin admin, TestDnsServer dns, String account, String stream, List<String> eventTypes)
            throws Exception {
        String token = ses.field(ses.call("VerifyDomainIdentity", Map.of("Domain", DOMAIN)), "VerificationToken");
        dns.txt("_amazonses." + DOMAIN, token);
        String dkim = ses.call("VerifyDomainDkim", Map.of("Domain", DOMAIN));
        Matcher tokens = Pattern.compile("<member>([^<]+)</member>").matcher(dkim);
        while (tokens.find()) {
            dns.cname(tokens.group(1) + "._domainkey." + DOMAIN, tokens.group(1) + ".dkim.sesame.test");
        }
        for (int i = 0; ; i++) {
            admin.post("dns-checks", "{}");
            String attributes = ses.call("GetIdentityDkimAttributes", Map.of("Identities.member.1", DOMAIN));
            if (attributes.contains("<DkimVerificationStatus>Success</DkimVerificationStatus>")
                    && ses.call("GetIdentityVerificationAttributes", Map.of("Identities.member.1", DOMAIN)).contains("Success")) {
                break;
            }
            if (i > 60) {
                throw new IllegalStateException("the benchmark domain's DKIM was not verified: " + attributes);
            }
            Thread.sleep(1000);
        }
        ses.call("CreateConfigurationSet", Map.of("ConfigurationSet.Name", stream));
        Map<String, String> destination = new LinkedHashMap<>(Map.of("ConfigurationSetName", stream,
                "EventDestination.Name", "stream", "EventDestination.Enabled", "true",
                "EventDestination.KinesisFirehoseDestination.IAMRoleARN", "arn:aws:iam::" + account + ":role/bench",
                "EventDestination.KinesisFirehoseDestination.DeliveryStreamARN",
                "arn:aws:firehose:us-east-1:" + account + ":deliverystream/" + stream));
        for (int i = 0; i < eventTypes.size(); i++) {
            destination.put("EventDestination.MatchingEventTypes.member." + (i + 1), eventTypes.get(i));
        }
        ses.call("CreateConfigurationSetEventDestination", destination);
    }

    /** Until every accepted message arrived, or nothing new arrived for the patience. */
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

    /** How many of the messages have a Delivery record in the stream's objects, once they all do or time is up. */
    private static long awaitStream(Path stream, Set<String> ids, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Set<String> found = new java.util.HashSet<>();
            if (Files.isDirectory(stream)) {
                try (Stream<Path> files = Files.walk(stream)) {
                    for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).toList()) {
                        for (String line : Files.readAllLines(file)) {
                            Matcher id = MESSAGE_ID.matcher(line);
                            if (line.contains("\"eventType\":\"Delivery\"") && id.find() && ids.contains(id.group(1))) {
                                found.add(id.group(1));
                            }
                        }
                    }
                }
            }
            if (found.size() == ids.size() || System.nanoTime() > deadline) {
                return found.size();
            }
            Thread.sleep(1000);
        }
    }

    private static LoadRun.Result motoRun(Vertx vertx, byte[] body, int connections, int rate, Duration duration, String region)
            throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            SigV4Signer signer = MotoServer.signer(region);
            Ses ses = new Ses(moto.uri(), signer);
            for (int attempt = 0; ; attempt++) {
                try {
                    ses.call("VerifyDomainIdentity", Map.of("Domain", DOMAIN));
                    break;
                } catch (IOException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
            ses.call("CreateConfigurationSet", Map.of("ConfigurationSet.Name", STREAM));
            // Closed loop: moto cannot take the offered rate, and an open loop would only measure its queue.
            return new LoadRun(vertx, moto.uri(), signer, body, Math.min(connections, 16)).run("moto", duration, 0);
        }
    }

    private static String report(Map<String, String> options, int rate, Duration duration, Duration warmup, int connections,
                                 LoadRun.Result accepted, LoadRun.Result moto, Map<String, Long> due, SinkServer sink, long streamed,
                                 Map<String, Long> pids, Map<String, ProcessStats.Sample> before, Map<String, ProcessStats.Sample> after) {
        List<Long> latencies = new ArrayList<>();
        long signed = 0;
        long firstDue = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        for (Map.Entry<String, Long> message : due.entrySet()) {
            SinkServer.Arrival arrival = sink.arrivals().get(message.getKey());
            if (arrival != null) {
                latencies.add((arrival.atNanos() - message.getValue()) / 1000);
                signed += arrival.dkimSigned() ? 1 : 0;
                lastArrival = Math.max(lastArrival, arrival.atNanos());
            }
            firstDue = Math.min(firstDue, message.getValue());
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] slowestBySecond = new long[(int) duration.toSeconds() + 1];
        for (Map.Entry<String, Long> message : due.entrySet()) {
            SinkServer.Arrival arrival = sink.arrivals().get(message.getKey());
            int second = (int) Math.min(slowestBySecond.length - 1, (message.getValue() - firstDue) / 1_000_000_000L);
            long micros = arrival == null ? Long.MAX_VALUE : (arrival.atNanos() - message.getValue()) / 1000;
            slowestBySecond[second] = Math.max(slowestBySecond[second], micros);
        }
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark `deliver`, ").append(Instant.now()).append("\n\n");
        md.append("Command: `").append(options.getOrDefault("command", "(direct)")).append("`\n\n");
        md.append("Machine: ").append(String.join("; ", ProcessStats.machine())).append("\n\n");
        md.append(String.format(Locale.ROOT, "SendEmail from news@%s (Easy DKIM verified) with configuration set %s (Delivery events to a "
                + "Firehose-style stream), relayed to an SMTP sink in the load generator; open loop at %d requests/s offered over %d "
                + "keep-alive connections, SigV4 per request; warm-up %d s, measured %d s. Delivery latency: from the moment a "
                + "request was due to the message's arrival at the sink.%n%n", DOMAIN, STREAM, rate, connections, warmup.toSeconds(),
                duration.toSeconds()));
        md.append("| target | requests | accepted | accepted/s | accept p50 (ms) | accept p99 (ms) | accept p99.9 (ms) | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (LoadRun.Result r : moto == null ? List.of(accepted) : List.of(accepted, moto)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %s |%n", r.target(), r.requests(), r.ok(),
                    r.throughput(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9),
                    r.errors().isEmpty() ? "none" : r.errors().toString()));
        }
        double deliveredPerSecond = sorted.length == 0 ? 0 : sorted.length / ((lastArrival - firstDue) / 1e9);
        md.append(String.format(Locale.ROOT, "%n| delivered to the sink | DKIM-signed | Delivery records in the stream | delivered/s "
                        + "(first request to last arrival) | delivery p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |%n|---|---|---|---|---|---|---|---|%n"
                        + "| %d of %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |%n", sorted.length, due.size(), signed, streamed,
                deliveredPerSecond, percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 99.9),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0));
        md.append(String.format(Locale.ROOT, "%nSlowest delivery of the requests due in each second of the run (ms; - when one never "
                + "arrived): %s%n", Arrays.stream(slowestBySecond).mapToObj(us -> us == Long.MAX_VALUE ? "-"
                : String.format(Locale.ROOT, "%.0f", us / 1000.0)).collect(java.util.stream.Collectors.joining(" "))));
        md.append("\nmoto gets the same SendEmail requests in a closed loop over at most 16 connections (it cannot take the offered rate); "
                + "it accepts them and delivers nothing: it has no DKIM, no SMTP and no event destinations.\n");
        md.append("\n| process (run and drain) | CPU seconds | resident memory (MiB) |\n|---|---|---|\n");
        double total = 0;
        for (String name : pids.keySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f |%n", name, after.get(name).cpuSeconds() - before.get(name).cpuSeconds(),
                    after.get(name).rssMiB()));
            total += after.get(name).rssMiB();
        }
        md.append(String.format(Locale.ROOT, "| all | | %.0f |%n", total));
        return md.toString();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    static void launcher(Path root, Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("./sesame"));
        line.addAll(Arrays.asList(command));
        ProcessBuilder builder = new ProcessBuilder(line).directory(root.toFile()).inheritIO();
        builder.environment().putAll(env);
        if (builder.start().waitFor() != 0) {
            throw new IllegalStateException("./sesame " + String.join(" ", command) + " failed");
        }
    }

    static String secret(Path home, String name) throws IOException {
        for (String line : Files.readAllLines(home.resolve("secrets.env"))) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).replace("'", "").replace("\"", "");
            }
        }
        throw new IllegalStateException(name + " is not in " + home.resolve("secrets.env"));
    }

    record Tenant(String account, String key, String secret) {
    }

    /** The gateway's admin API with the launcher's operator token. */
    record Admin(URI gateway, String token) {

        String post(String path, String json) throws IOException, InterruptedException {
            return send("POST", path, json);
        }

        String send(String method, String path, String json) throws IOException, InterruptedException {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve("/admin/" + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(method + " /admin/" + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        /** A production tenant of its own with unlimited quotas. */
        Tenant tenant() throws IOException, InterruptedException {
            String created = post("tenants", "{\"name\":\"bench-deliver-" + System.nanoTime() + "\",\"sandbox\":false}");
            Tenant tenant = new Tenant(json(created, "accountId"), json(created, "accessKeyId"), json(created, "secretAccessKey"));
            send("PATCH", "tenants/" + tenant.account(), "{\"max24HourSend\":-1,\"maxSendRate\":-1}");
            return tenant;
        }

        private static String json(String body, String field) {
            Matcher value = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            if (!value.find()) {
                throw new IllegalStateException(field + " is not in " + body);
            }
            return value.group(1);
        }
    }

    /** SES Query calls, signed with the benchmark's own signer. */
    record Ses(URI endpoint, SigV4Signer signer) {

        String call(String action, Map<String, String> params) throws IOException, InterruptedException {
            Map<String, String> all = new LinkedHashMap<>(params);
            all.put("Action", action);
            all.put("Version", "2010-12-01");
            byte[] body = Bench.form(all);
            SigV4Signer.Signed signed = signer.sign(endpoint.getHost() + ":" + endpoint.getPort(), body, Instant.now());
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(endpoint.resolve("/")).header("Content-Type", SigV4Signer.CONTENT_TYPE)
                            .header("X-Amz-Date", signed.amzDate()).header("Authorization", signed.authorization())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(action + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        String field(String xml, String element) {
            Matcher value = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(xml);
            if (!value.find()) {
                throw new IllegalStateException(element + " is not in " + xml);
            }
            return value.group(1);
        }
    }
}

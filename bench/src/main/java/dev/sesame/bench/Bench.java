package dev.sesame.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark scenario against a running Sesame and, in the same invocation and on the same machine, against
 * moto's server: warm-up, a timed run, and a Markdown report in {@code bench/results/} with throughput, latency
 * percentiles, errors, the CPU and memory of every process, the command and the machine.
 *
 * <p>Scenarios: {@code send-max} (SendEmail to the mailbox simulator, closed loop: the most each target takes),
 * {@code send-rate} (the same at a fixed offered rate, for latency), {@code smoke} (a few seconds at 50 requests/s, for CI).
 */
public final class Bench {


    private Bench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // Vert.x's threads would keep the JVM (and the launcher waiting on it) alive for ever.
            e.printStackTrace();
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("scenario", "smoke", "region", "us-east-1", "out", "bench/results",
                "source", "bench@bench.example.com", "recipient", "success@simulator.amazonses.com"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String scenario = options.get("scenario");
        boolean smoke = scenario.equals("smoke");
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", smoke ? "3" : "30")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", smoke ? "1" : "30")));
        int connections = Integer.parseInt(options.getOrDefault("connections", smoke ? "4" : "64"));
        int rate = scenario.equals("send-rate") ? Integer.parseInt(options.getOrDefault("rate", "1000")) : smoke ? 50 : 0;
        byte[] body = form(Map.of("Action", "SendEmail", "Version", "2010-12-01", "Source", options.get("source"),
                "Destination.ToAddresses.member.1", options.get("recipient"), "Message.Subject.Data", "benchmark",
                "Message.Body.Text.Data", "A message of the benchmark."));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<LoadRun.Result> results = new ArrayList<>();
        Map<String, Long> pids = ProcessStats.of(Path.of(options.get("home")));
        Map<String, ProcessStats.Sample> before = ProcessStats.sample(pids);
        long benchPid = ProcessHandle.current().pid();
        ProcessStats.Sample benchBefore = ProcessStats.sample(benchPid);
        SigV4Signer sesameSigner = new SigV4Signer(options.get("key"), options.get("secret"), options.get("region"));
        URI sesame = URI.create(options.get("sesame"));
        new LoadRun(vertx, sesame, sesameSigner, body, connections).run("warm-up", warmup, rate);
        before = ProcessStats.sample(pids);
        benchBefore = ProcessStats.sample(benchPid);
        results.add(new LoadRun(vertx, sesame, sesameSigner, body, connections).run("Sesame", duration, rate));
        Map<String, ProcessStats.Sample> after = ProcessStats.sample(pids);
        ProcessStats.Sample benchAfter = ProcessStats.sample(benchPid);

        Map<String, double[]> motoUsage = new LinkedHashMap<>();
        if (!options.getOrDefault("moto", "true").equals("false")) {
            try (MotoServer moto = MotoServer.start()) {
                SigV4Signer motoSigner = MotoServer.signer(options.get("region"));
                prepareMoto(moto.uri(), motoSigner, options.get("source"));
                new LoadRun(vertx, moto.uri(), motoSigner, body, connections).run("warm-up", warmup, rate);
                ProcessStats.Sample motoBefore = ProcessStats.sample(moto.process().pid());
                results.add(new LoadRun(vertx, moto.uri(), motoSigner, body, connections).run("moto", duration, rate));
                ProcessStats.Sample motoAfter = ProcessStats.sample(moto.process().pid());
                motoUsage.put("moto_server", new double[] {motoAfter.cpuSeconds() - motoBefore.cpuSeconds(), motoAfter.rssMiB()});
            }
        }
        vertx.close();

        Map<String, double[]> usage = new LinkedHashMap<>();
        for (String name : pids.keySet()) {
            usage.put(name, new double[] {after.get(name).cpuSeconds() - before.get(name).cpuSeconds(), after.get(name).rssMiB()});
        }
        usage.put("load generator", new double[] {benchAfter.cpuSeconds() - benchBefore.cpuSeconds(), benchAfter.rssMiB()});
        String report = report(scenario, options, duration, warmup, connections, rate, results, usage, motoUsage);
        Reports.write(options.get("out"), scenario, report);
        boolean failed = results.stream().anyMatch(r -> r.target().equals("Sesame") && (r.ok() == 0 || !r.errors().isEmpty()));
        System.exit(failed ? 1 : 0);
    }

    /** moto wants the source verified first; it takes any signature. */
    static void prepareMoto(URI moto, SigV4Signer signer, String source) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] verify = form(Map.of("Action", "VerifyDomainIdentity", "Version", "2010-12-01", "Domain", source.substring(source.indexOf('@') + 1)));
        for (int attempt = 0; ; attempt++) {
            try {
                SigV4Signer.Signed signed = signer.sign(moto.getHost() + ":" + moto.getPort(), verify, Instant.now());
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(moto.resolve("/")).header("Content-Type", SigV4Signer.CONTENT_TYPE)
                        .header("X-Amz-Date", signed.amzDate()).header("Authorization", signed.authorization())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(verify)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                throw new IllegalStateException("moto refused VerifyDomainIdentity: " + response.body());
            } catch (IOException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    static byte[] form(Map<String, String> params) {
        StringBuilder form = new StringBuilder();
        params.forEach((name, value) -> form.append(form.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value)));
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String report(String scenario, Map<String, String> options, Duration duration, Duration warmup, int connections, int rate,
                                 List<LoadRun.Result> results, Map<String, double[]> usage, Map<String, double[]> motoUsage) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark `").append(scenario).append("`, ").append(Instant.now()).append("\n\n");
        md.append("Command: `").append(options.getOrDefault("command", "(direct)")).append("`\n\n");
        md.append("Machine: ").append(String.join("; ", ProcessStats.machine())).append("\n\n");
        md.append("SendEmail from ").append(options.get("source")).append(" to ").append(options.get("recipient")).append(", SigV4 signed per request, ")
                .append(connections).append(" keep-alive connections, ").append(rate > 0 ? "open loop at " + rate + " requests/s offered"
                        : "closed loop (each connection sends its next request when answered)")
                .append("; warm-up ").append(warmup.toSeconds()).append(" s, measured ").append(duration.toSeconds()).append(" s per target.\n\n");
        md.append("| target | requests | answered 200 | throughput (req/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (LoadRun.Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %s |%n", r.target(), r.requests(), r.ok(),
                    r.throughput(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9),
                    r.errors().isEmpty() ? "none" : r.errors().toString()));
        }
        for (LoadRun.Result r : results) {
            md.append(String.format(Locale.ROOT, "%n%s, slowest answer per second of the run (ms): %s%n", r.target(),
                    java.util.Arrays.stream(r.slowestBySecond()).mapToObj(us -> String.format(Locale.ROOT, "%.0f", us / 1000.0))
                            .collect(java.util.stream.Collectors.joining(" "))));
        }
        if (results.size() == 2 && results.get(1).throughput() > 0) {
            md.append(String.format(Locale.ROOT, "%nSesame / moto: %.1f× the throughput, %.2f× the median latency.%n",
                    results.get(0).throughput() / results.get(1).throughput(),
                    results.get(0).percentileMillis(50) / results.get(1).percentileMillis(50)));
        }
        md.append("\n| process (during the Sesame run) | CPU seconds | CPU (cores) | resident memory (MiB) |\n|---|---|---|---|\n");
        double seconds = results.get(0).seconds();
        double total = 0;
        for (Map.Entry<String, double[]> process : usage.entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.0f |%n", process.getKey(), process.getValue()[0],
                    process.getValue()[0] / seconds, process.getValue()[1]));
            total += process.getValue()[1];
        }
        md.append(String.format(Locale.ROOT, "| all | | | %.0f |%n", total));
        for (Map.Entry<String, double[]> process : motoUsage.entrySet()) {
            md.append(String.format(Locale.ROOT, "%n%s during its run: %.1f CPU seconds, %.0f MiB resident.%n", process.getKey(),
                    process.getValue()[0], process.getValue()[1]));
        }
        return md.toString();
    }
}

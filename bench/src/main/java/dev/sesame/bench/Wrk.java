package dev.sesame.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SendEmail measured the way a user measures it: {@code wrk} (Debian's) replaying one SigV4-signed request (signed
 * afresh before each run: a signature is good for 15 minutes), against Sesame and, in the same invocation, against
 * moto. {@code --runs} consecutive runs show how the figure moves as the JVMs warm; {@code --per-second N} instead
 * runs {@code wrk} for one second N times in a row, the throughput of each of the first N seconds (the launcher starts
 * the stack afresh for it).
 */
public final class Wrk {

    /**
     * One run of a load tool: requests per second, latency (ms: wrk's p50 and p99; h2load gives its mean as p50 and
     * its maximum as p99), answers other than 2xx, socket errors, and the CPU milliseconds each of the stack's
     * processes spent per request (empty for moto).
     */
    record Run(String target, String label, double perSecond, double p50, double p99, long non2xx, String socketErrors,
               Map<String, Double> cpuPerRequest) {

        Run withCpu(Map<String, Double> cpu) {
            return new Run(target, label, perSecond, p50, p99, non2xx, socketErrors, cpu);
        }
    }

    private Wrk() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("region", "us-east-1", "out", "bench/results", "duration", "20",
                "connections", "64", "threads", "2", "runs", "4", "source", "bench@bench.example.com",
                "recipient", "success@simulator.amazonses.com"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        byte[] body = Bench.form(Map.of("Action", "SendEmail", "Version", "2010-12-01", "Source", options.get("source"),
                "Destination.ToAddresses.member.1", options.get("recipient"), "Message.Subject.Data", "benchmark",
                "Message.Body.Text.Data", "A message of the benchmark."));
        URI sesame = URI.create(options.get("sesame"));
        SigV4Signer signer = new SigV4Signer(options.get("key"), options.get("secret"), options.get("region"));
        List<Run> runs = new ArrayList<>();
        Map<String, Long> stack = options.containsKey("home") ? ProcessStats.of(Path.of(options.get("home"))) : Map.of();
        int perSecond = Integer.parseInt(options.getOrDefault("per-second", "0"));
        if (perSecond > 0) {
            for (int s = 1; s <= perSecond; s++) {
                int second = s;
                runs.add(measured(stack, 1, () -> wrk("Sesame", "second " + second, sesame, signer, body, options, 1)));
            }
        } else {
            int count = Integer.parseInt(options.get("runs"));
            int seconds = Integer.parseInt(options.get("duration"));
            for (int r = 1; r <= count; r++) {
                int run = r;
                runs.add(measured(stack, seconds, () -> wrk("Sesame", "wrk run " + run, sesame, signer, body, options, seconds)));
            }
            if (h2loadInstalled()) {
                runs.add(measured(stack, seconds, () -> h2load("Sesame", "h2load", sesame, signer, body, options, seconds)));
            }
            if (!options.getOrDefault("moto", "true").equals("false")) {
                try (MotoServer moto = MotoServer.start()) {
                    Bench.prepareMoto(moto.uri(), MotoServer.signer(options.get("region")), options.get("source"));
                    for (int r = 1; r <= Math.min(count, 2); r++) {
                        runs.add(wrk("moto", "wrk run " + r, moto.uri(), MotoServer.signer(options.get("region")), body, options, seconds));
                    }
                }
            }
        }
        Reports.write(options.get("out"), perSecond > 0 ? "wrk-first-seconds" : "wrk", report(options, runs, perSecond));
    }

    interface Load {
        Run run() throws IOException, InterruptedException;
    }

    /** A run with the CPU time each of the stack's processes spent in it, per request it answered. */
    static Run measured(Map<String, Long> stack, int seconds, Load load) throws IOException, InterruptedException {
        Map<String, ProcessStats.Sample> before = ProcessStats.sample(stack);
        Run run = load.run();
        Map<String, ProcessStats.Sample> after = ProcessStats.sample(stack);
        double requests = run.perSecond() * seconds;
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        before.forEach((name, sample) -> cpu.put(name, requests == 0 ? 0 : (after.get(name).cpuSeconds() - sample.cpuSeconds()) * 1000 / requests));
        return run.withCpu(cpu);
    }

    private static boolean h2loadInstalled() {
        try {
            return new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** One h2load (nghttp2-client) invocation, HTTP/1.1, the same request and connections as wrk's. */
    static Run h2load(String target, String label, URI uri, SigV4Signer signer, byte[] body, Map<String, String> options, int seconds)
            throws IOException, InterruptedException {
        SigV4Signer.Signed signed = signer.sign(uri.getHost() + ":" + uri.getPort(), body, Instant.now());
        Path data = Files.createTempFile("sesame-h2load", ".body");
        Files.write(data, body);
        return parseH2load(target, label, output(data, "h2load", "--h1", "-t" + options.get("threads"), "-c" + options.get("connections"),
                "-D", String.valueOf(seconds), "-d", data.toString(), "-H", "Content-Type: " + SigV4Signer.CONTENT_TYPE,
                "-H", "X-Amz-Date: " + signed.amzDate(), "-H", "Authorization: " + signed.authorization(), uri.resolve("/").toString()));
    }

    /** What a load tool printed; {@code input}, the file made for it, is deleted afterwards. */
    private static String output(Path input, String... command) throws IOException, InterruptedException {
        try {
            Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tool.waitFor() != 0) {
                throw new IllegalStateException(command[0] + " failed:\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** h2load's summary: {@code finished in 20.00s, 1234.50 req/s}, its status codes and its request times. */
    static Run parseH2load(String target, String label, String out) {
        long ok = (long) number(out, "status codes: ([0-9]+) 2xx");
        long done = (long) number(out, "requests: [0-9]+ total, [0-9]+ started, ([0-9]+) done");
        long errored = (long) number(out, "([0-9]+) errored");
        Matcher times = Pattern.compile("time for request:\\s+([0-9.]+)(us|ms|s)\\s+([0-9.]+)(us|ms|s)\\s+([0-9.]+)(us|ms|s)").matcher(out);
        double mean = Double.NaN;
        double max = Double.NaN;
        if (times.find()) {
            max = toMillis(times.group(3), times.group(4));
            mean = toMillis(times.group(5), times.group(6));
        }
        return new Run(target, label, number(out, "finished in [0-9.]+s, ([0-9.]+) req/s"), mean, max, done - ok,
                errored == 0 ? "" : errored + " errored", Map.of());
    }

    private static double toMillis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    /** One wrk invocation with a Lua script carrying the freshly signed request. */
    static Run wrk(String target, String label, URI uri, SigV4Signer signer, byte[] body, Map<String, String> options, int seconds)
            throws IOException, InterruptedException {
        SigV4Signer.Signed signed = signer.sign(uri.getHost() + ":" + uri.getPort(), body, Instant.now());
        Path script = Files.createTempFile("sesame-wrk", ".lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = " + lua(new String(body, StandardCharsets.UTF_8)) + "\n"
                + "wrk.headers[\"Content-Type\"] = " + lua(SigV4Signer.CONTENT_TYPE) + "\n"
                + "wrk.headers[\"X-Amz-Date\"] = " + lua(signed.amzDate()) + "\n"
                + "wrk.headers[\"Authorization\"] = " + lua(signed.authorization()) + "\n");
        return parse(target, label, output(script, "wrk", "-t" + options.get("threads"), "-c" + options.get("connections"),
                "-d" + seconds + "s", "--latency", "-s", script.toString(), uri.resolve("/").toString()));
    }

    static Run parse(String target, String label, String out) {
        return new Run(target, label, number(out, "Requests/sec:\\s+([0-9.]+)"), millis(out, "50%"), millis(out, "99%"),
                (long) number(out, "Non-2xx or 3xx responses:\\s+([0-9]+)"), find(out, "Socket errors:([^\\n]+)").trim(), Map.of());
    }

    private static double number(String out, String regex) {
        String found = find(out, regex);
        return found.isEmpty() ? 0 : Double.parseDouble(found);
    }

    /** A latency percentile of wrk's distribution, in milliseconds. */
    private static double millis(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        return toMillis(m.group(1), m.group(2));
    }

    private static String find(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? m.group(1) : "";
    }

    private static String lua(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String report(Map<String, String> options, List<Run> runs, int perSecond) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark `wrk").append(perSecond > 0 ? " --per-second " + perSecond : "").append("`, ").append(Instant.now())
                .append("\n\nCommand: `").append(options.getOrDefault("command", "(direct)")).append("`\n\n")
                .append("Machine: ").append(String.join("; ", ProcessStats.machine())).append("\n\n")
                .append("`wrk -t").append(options.get("threads")).append(" -c").append(options.get("connections")).append(" -d")
                .append(perSecond > 0 ? "1" : options.get("duration")).append("s --latency`, one SigV4-signed SendEmail (simulator recipient) replayed")
                .append(perSecond > 0 ? ", one-second runs back to back, the first right after a fresh `./sesame up` reported healthy and the benchmark tenant was set up" : ", consecutive runs")
                .append(perSecond > 0 ? "" : "; then `h2load --h1` (nghttp2-client) with the same request, threads and connections when it is installed "
                        + "(its p50 column is its mean, its p99 its maximum)")
                .append(".\n\n| target | run | requests/s | p50 (ms) | p99 (ms) | non-2xx | socket errors |\n|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            md.append(String.format("| %s | %s | %,.0f | %.1f | %.1f | %d | %s |%n", run.target(), run.label(), run.perSecond(), run.p50(),
                    run.p99(), run.non2xx(), run.socketErrors().isEmpty() ? "none" : run.socketErrors()));
        }
        List<Run> withCpu = runs.stream().filter(r -> !r.cpuPerRequest().isEmpty()).toList();
        if (!withCpu.isEmpty()) {
            List<String> names = new ArrayList<>(withCpu.get(0).cpuPerRequest().keySet());
            md.append("\nCPU time per request answered (ms), by process (`/proc/<pid>/stat` before and after each run; the load tool's own "
                    + "time is not in it). On 2 cores a stack that spends `total` ms per request answers at most 2,000 / `total` requests/s.\n\n| run | ")
                    .append(String.join(" | ", names)).append(" | total |\n|---").append("|---".repeat(names.size() + 1)).append("|\n");
            for (Run run : withCpu) {
                md.append("| ").append(run.label());
                names.forEach(name -> md.append(String.format(" | %.3f", run.cpuPerRequest().getOrDefault(name, 0.0))));
                md.append(String.format(" | %.3f |%n", run.cpuPerRequest().values().stream().mapToDouble(Double::doubleValue).sum()));
            }
        }
        List<Run> sesame = runs.stream().filter(r -> r.target().equals("Sesame")).toList();
        List<Run> moto = runs.stream().filter(r -> r.target().equals("moto")).toList();
        if (!sesame.isEmpty() && !moto.isEmpty()) {
            double best = sesame.stream().mapToDouble(Run::perSecond).max().orElse(0);
            double motoBest = moto.stream().mapToDouble(Run::perSecond).max().orElse(1);
            md.append(String.format("%nSesame's best run is %.1f× moto's best in the same invocation.%n", best / motoBest));
        }
        return md.toString();
    }
}

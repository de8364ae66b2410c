package dev.sesame.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import dev.sesame.testing.ProgrammableSmtpSink;
import dev.sesame.testing.TestDnsServer;

/**
 * The whole system, started the way an operator starts it: {@code ./sesame up}, in a private home under
 * {@code e2e/target} and on ports of its own, and stopped with {@code ./sesame down} when the JVM ends.
 *
 * <p>Its peers are real and the test's own: DNS lookups go to a {@link TestDnsServer} the tests publish records
 * on, all outbound mail (confirmations and sends) to a {@link ProgrammableSmtpSink} relay.
 */
final class SesameStack implements AutoCloseable {

    private static SesameStack shared;

    final TestDnsServer dns = TestDnsServer.shared();
    final ProgrammableSmtpSink mail = ProgrammableSmtpSink.shared();
    private final String smtpRelay = "127.0.0.1:" + mail.port();

    final Path root = Path.of(System.getProperty("sesame.root", "..")).toAbsolutePath().normalize();
    final Path home = root.resolve("e2e/target/sesame-home");
    final int base = Integer.getInteger("sesame.e2e.port-base", freeBase());
    final Map<String, String> secrets = new HashMap<>();

    SesameStack() throws IOException, InterruptedException {
        if (Files.exists(home)) {
            // A previous run's stack: stop whatever it left and start from nothing.
            sesame("down");
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // Two sending instances, as an operator scales out: every system test runs against them.
        String out = sesame("up", "--replicas", "sending=2");
        for (String line : Files.readAllLines(home.resolve("secrets.env"))) {
            int eq = line.indexOf('=');
            secrets.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (!out.contains("Sesame is up")) {
            throw new IllegalStateException("./sesame up did not report the stack up:\n" + out);
        }
    }

    /** The stack of this JVM, started on first use. */
    static synchronized SesameStack shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = new SesameStack();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (Exception e) {
                    System.err.println("./sesame down failed: " + e);
                }
            }));
        }
        return shared;
    }

    /** Waits up to 30 s for something the system does on its own time (a DNS check, a delivery). */
    static void eventually(String what, java.util.function.Supplier<Boolean> condition) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (java.time.Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " did not happen within 30 s");
    }

    /** The copy of a message the relay received for a recipient (waiting for it), as text. */
    String delivered(String recipient, String messageId) throws InterruptedException {
        eventually("delivery of " + messageId + " to " + recipient, () -> mail.to(recipient).stream()
                .anyMatch(m -> new String(m.data(), StandardCharsets.ISO_8859_1).contains(messageId)));
        return mail.to(recipient).stream().map(m -> new String(m.data(), StandardCharsets.ISO_8859_1))
                .filter(m -> m.contains(messageId)).findFirst().orElseThrow();
    }

    /** Every record the bootstrap tenant's Firehose-style stream has written so far. */
    List<String> firehoseRecords(String stream) {
        Path root = home.resolve("firehose").resolve(secrets.get("SESAME_ACCOUNT_ID")).resolve(stream);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    return java.util.stream.Stream.empty(); // an object being written
                }
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Waits for a message's Send and Delivery records in the stream. */
    void archived(String stream, String messageId) throws InterruptedException {
        eventually("the Send and Delivery records of " + messageId + " in " + stream, () -> {
            List<String> records = firehoseRecords(stream).stream().filter(l -> l.contains(messageId)).toList();
            return records.stream().anyMatch(l -> l.contains("\"eventType\":\"Send\""))
                    && records.stream().anyMatch(l -> l.contains("\"eventType\":\"Delivery\""));
        });
    }

    /** SES's SMTP interface: STARTTLS (the launcher's port base + 21) and implicit TLS (+22). */
    int smtpPort() {
        return base + 21;
    }

    int smtpTlsPort() {
        return base + 22;
    }

    /** The port of the platform's DKIM DNS responder. */
    int dkimDnsPort() {
        return base + 6;
    }

    String adminToken() {
        return secrets.get("SESAME_ADMIN_TOKEN");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + base);
    }

    String accessKeyId() {
        return secrets.get("SESAME_ACCESS_KEY_ID");
    }

    String secretAccessKey() {
        return secrets.get("SESAME_SECRET_ACCESS_KEY");
    }

    /** An SES client of the AWS SDK for Java v2 for the bootstrap tenant. */
    SesClient ses() {
        return ses(accessKeyId(), secretAccessKey());
    }

    SesClient ses(String key, String secret) {
        return SesClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The HTTPS endpoint (port base + 1), with a certificate of the launcher's local CA. */
    URI httpsEndpoint() {
        return URI.create("https://127.0.0.1:" + (base + 1));
    }

    /** The launcher's local CA, which clients trust the HTTPS endpoint through. */
    Path caBundle() {
        return home.resolve("tls/ca.pem");
    }

    /** Runs a client program (the AWS CLI, a boto3 script) with the bootstrap tenant's credentials and this endpoint. */
    String run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    /** The same, with more environment variables (which win over the bootstrap tenant's). */
    String run(Map<String, String> extra, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint().toString());
        env.put("AWS_PAGER", "");
        env.put("SESAME_ACCOUNT_ID", secrets.get("SESAME_ACCOUNT_ID"));
        env.putAll(extra); // another tenant's credentials, say

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** Creates another tenant through the launcher; returns its account id, access key id and secret. */
    JsonNode createTenant(String name) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(sesame("tenant", "create", name));
    }

    String sesame(String... args) throws IOException, InterruptedException {
        Launched launched = launch(args);
        if (launched.exitCode() != 0) {
            throw new IllegalStateException("./sesame " + String.join(" ", args) + " failed:\n" + launched.output()
                    + "\n--- logs ---\n" + logs());
        }
        return launched.output();
    }

    /** What a launcher command printed (stdout and stderr) and how it exited. */
    record Launched(int exitCode, String output) {
    }

    /** Runs a launcher command that may fail. */
    Launched launch(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("sesame").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("SESAME_HOME", home.toString());
        builder.environment().put("SESAME_PORT_BASE", String.valueOf(base));
        builder.environment().put("SESAME_DNS_RESOLVER", dns.address());
        builder.environment().put("SESAME_SMTP_RELAY", smtpRelay);
        builder.environment().put("SESAME_DNS_CHECK_INTERVAL", "PT1S");
        builder.environment().put("SESAME_FIREHOSE_BUFFER_INTERVAL", "PT1S");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./sesame " + String.join(" ", args) + " did not end in 5 minutes:\n" + output);
        }
        return new Launched(process.exitValue(), output);
    }

    private String logs() {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(home.resolve("logs"))) {
            for (Path log : files.toList()) {
                List<String> lines = Files.readAllLines(log);
                all.append("== ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
            }
        } catch (IOException e) {
            all.append("(no logs: ").append(e).append(")");
        }
        return all.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        sesame("down");
    }

    /**
     * A port base whose dozen ports are all free, so the stack does not collide with a running one. Bases stay
     * below Linux's ephemeral range (32768 and up): there, the services' own outgoing connections could take a
     * port before the service that should listen on it starts.
     */
    private static int freeBase() {
        for (int candidate = 20100; candidate < 32000; candidate += 100) {
            if (allFree(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    private static boolean allFree(int base) {
        // the gateway, services, DNS, SMTP, Keycloak (+8, +9), PostgreSQL, Kafka, sending-2 to -9, SMTP submission (+21, +22)
        for (int port = base; port <= base + 22; port++) {
            try (ServerSocket ignored = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                // free
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}

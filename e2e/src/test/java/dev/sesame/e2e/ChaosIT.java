package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.sesame.testing.ProgrammableSmtpSink;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * The chaos run's short version: SendEmail from eight clients without retries while the sending instance that
 * serves the API is killed with {@code kill -9} ({@code ./sesame kill sending}) and started again
 * ({@code ./sesame restart sending}). Every message answered with a MessageId arrives, none answered 503 arrives,
 * one whose answer was lost arrives at most once. A message arrives twice only when the kill fell between the sink's
 * 250 and the commit of its Delivery event, the window exactly-once delivery over SMTP cannot close
 * ({@code docs/operations.md}, delivery guarantee): so its first copy came in the moment before the kill, and its
 * second after it. The full run ({@code ./sesame bench chaos}: every part of the stack, Kafka and PostgreSQL too) is a
 * benchmark.
 */
class ChaosIT {

    private static final String DOMAIN = "chaos.e2e.example";

    /** How a request ended for its client. */
    enum Fate { ACCEPTED, REFUSED, UNKNOWN }

    /** How long before the kill a message may have had its 250 and not yet its Delivery event committed. */
    private static final Duration WINDOW = Duration.ofSeconds(2);

    @Test
    void killingASendingInstanceUnderLoadLosesAndDuplicatesNothing() throws Exception {
        SesameStack stack = SesameStack.shared();
        // A production tenant of its own, without quotas: every refusal is the kill's.
        JsonNode tenant = new ObjectMapper().readTree(stack.sesame("tenant", "create", "chaos-e2e", "--production"));
        String account = tenant.path("accountId").asText();
        HttpResponse<String> lifted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.endpoint().resolve("/admin/tenants/" + account))
                .header("Authorization", "Bearer " + stack.adminToken()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"max24HourSend\":-1,\"maxSendRate\":-1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, lifted.statusCode(), lifted.body());
        String key = tenant.path("accessKeyId").asText();
        String secret = tenant.path("secretAccessKey").asText();
        stack.run(Map.of("AWS_ACCESS_KEY_ID", key, "AWS_SECRET_ACCESS_KEY", secret), "aws", "ses", "verify-domain-identity", "--domain", DOMAIN);
        stack.sesame("identity", "verify", DOMAIN, account);
        Map<Integer, Fate> fates = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        int killedAt;
        long killing;
        long killed;
        int restartedAt;
        try (SesClient ses = SesClient.builder().endpointOverride(stack.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            SesameStack.eventually("the sending service knows the domain", () -> {
                try {
                    ses.sendEmail(r -> r.source("news@" + DOMAIN).destination(d -> d.toAddresses("warmup@" + DOMAIN))
                            .message(m -> m.subject(s -> s.data("warm-up")).body(b -> b.text(t -> t.data(".")))));
                    return true;
                } catch (SesException e) {
                    return false;
                }
            });
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int c = 0; c < 8; c++) {
                clients.execute(() -> {
                    while (running.get()) {
                        int n = next.getAndIncrement();
                        fates.put(n, send(ses, n));
                    }
                });
            }
            Thread.sleep(5_000);
            killedAt = next.get();
            killing = System.nanoTime(); // the kill falls between this and the launcher's return
            stack.sesame("kill", "sending");
            killed = System.nanoTime(); // it is dead: the launcher waited for it
            stack.sesame("restart", "sending");
            restartedAt = next.get();
            Thread.sleep(5_000);
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        }
        List<Integer> accepted = fates.entrySet().stream().filter(e -> e.getValue() == Fate.ACCEPTED).map(Map.Entry::getKey).sorted().toList();
        assertTrue(accepted.stream().anyMatch(n -> n < killedAt), "messages were accepted before the kill: " + fates.size());
        assertTrue(accepted.stream().anyMatch(n -> n > restartedAt), "and after the restart: " + fates.size());
        assertTrue(fates.values().stream().anyMatch(f -> f != Fate.ACCEPTED), "the kill was felt by the clients");

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!accepted.stream().allMatch(n -> !stack.mail.to(recipient(n)).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Thread.sleep(3_000); // a second copy would arrive by now
        List<String> wrong = new ArrayList<>();
        int[] twice = {0};
        fates.forEach((n, fate) -> {
            List<ProgrammableSmtpSink.Received> copies = stack.mail.to(recipient(n));
            // The first copy came before the kill and at most WINDOW before it (the kill itself fell between killing
            // and killed: the launcher's own start-up takes a while), the second after it.
            boolean inWindow = copies.size() == 2 && copies.get(0).atNanos() < killed && copies.get(0).atNanos() > killing - WINDOW.toNanos()
                    && copies.get(1).atNanos() > killed;
            boolean right = switch (fate) {
                case ACCEPTED, UNKNOWN -> copies.size() == 1 || inWindow || fate == Fate.UNKNOWN && copies.isEmpty();
                case REFUSED -> copies.isEmpty();
            };
            twice[0] += inWindow ? 1 : 0;
            if (!right) {
                wrong.add(n + " " + fate + " arrived " + copies.size() + " times" + (copies.isEmpty() ? ""
                        : ", first " + (copies.get(0).atNanos() - killing) / 1_000_000 + " ms from the kill command, which took "
                        + (killed - killing) / 1_000_000 + " ms"));
            }
        });
        assertEquals(List.of(), wrong, "of " + fates.size() + " requests (" + accepted.size() + " accepted, " + twice[0]
                + " delivered twice in the window)");
    }

    private static Fate send(SesClient ses, int n) {
        try {
            ses.sendEmail(r -> r.source("news@" + DOMAIN).destination(d -> d.toAddresses(recipient(n)))
                    .message(m -> m.subject(s -> s.data("chaos " + n)).body(b -> b.text(t -> t.data("message " + n)))));
            return Fate.ACCEPTED;
        } catch (SesException e) {
            // 503: the message was not sent (try again); 500 InternalFailure: its fate is unknown.
            return e.statusCode() == 500 ? Fate.UNKNOWN : Fate.REFUSED;
        } catch (SdkClientException e) {
            return Fate.UNKNOWN;
        }
    }

    private static String recipient(int n) {
        return "reader-" + n + "@" + DOMAIN;
    }
}

package dev.sesame.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load run against one endpoint over keep-alive connections: closed loop (each connection sends its next
 * request when the last one is answered: the most the target can take) or open loop at a fixed offered rate
 * (latency counted from when each request was due, so a slow target cannot hide its queue).
 */
final class LoadRun {

    private static final Pattern CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final Pattern MESSAGE_ID = Pattern.compile("<MessageId>([^<]+)</MessageId>");

    /** Told of every accepted message: its MessageId and when its request was due ({@link System#nanoTime()}). */
    interface Accepted {
        void accepted(String messageId, long dueAtNanos);
    }

    /**
     * Told of every request's answer: the request's number (from 1, in the order they were sent), the HTTP status
     * (0 when none came: the connection failed or closed), the MessageId of an accepted message or the error code
     * of a refused one, and when the request was due.
     */
    interface Answered {
        void answered(long request, int status, String messageIdOrCode, long dueAtNanos);
    }

    /**
     * What a run measured. Latencies are in microseconds, sorted; {@code slowestBySecond} is the slowest answer of
     * the requests due in each second of the run, so a stall shows when it happened.
     */
    record Result(String target, long requests, long ok, Map<String, Long> errors, double seconds, long[] latencies,
                  long[] slowestBySecond) {

        double throughput() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latencies.length - 1, Math.ceil(p / 100.0 * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1000.0;
        }
    }

    private final Vertx vertx;
    private final URI endpoint;
    private final SigV4Signer signer;
    private final java.util.function.LongFunction<byte[]> bodies;
    private final int connections;

    private long[] latencies = new long[1 << 16];
    private int count;
    private long[] slowestBySecond = new long[0];
    private long start;
    private final Map<String, Long> errors = new TreeMap<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private Accepted accepted = (id, due) -> { };
    private Answered answered = (request, status, value, due) -> { };
    private java.util.concurrent.CompletionStage<?> stop = new java.util.concurrent.CompletableFuture<>();
    private volatile long end;

    LoadRun(Vertx vertx, URI endpoint, SigV4Signer signer, byte[] body, int connections) {
        this(vertx, endpoint, signer, request -> body, connections);
    }

    /** Each request's body made from its number (from 1). */
    LoadRun(Vertx vertx, URI endpoint, SigV4Signer signer, java.util.function.LongFunction<byte[]> bodies, int connections) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.signer = signer;
        this.bodies = bodies;
        this.connections = connections;
    }

    LoadRun onAnswered(Answered listener) {
        this.answered = listener;
        return this;
    }

    /** Ends the run early, when the signal completes (the duration is then the longest it may take). */
    LoadRun until(java.util.concurrent.CompletionStage<?> signal) {
        this.stop = signal;
        return this;
    }

    LoadRun onAccepted(Accepted listener) {
        this.accepted = listener;
        return this;
    }

    /** Runs for the duration, then waits for the requests in flight; rate 0 is the closed loop. */
    Result run(String target, Duration duration, int rate) throws InterruptedException {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setDefaultHost(endpoint.getHost()).setDefaultPort(endpoint.getPort()),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        start = System.nanoTime();
        slowestBySecond = new long[(int) duration.toSeconds() + 1];
        end = start + duration.toNanos();
        stop.thenRun(() -> end = Math.min(end, System.nanoTime()));
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong inFlight = new AtomicLong();
        Runnable finished = () -> {
            if (inFlight.decrementAndGet() == 0 && System.nanoTime() >= end) {
                done.countDown();
            }
        };
        if (rate <= 0) {
            for (int i = 0; i < connections; i++) {
                inFlight.incrementAndGet();
                loop(client, finished);
            }
        } else {
            inFlight.incrementAndGet(); // the scheduler itself
            long[] issued = {0};
            vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                long due = Math.min((now - start) * rate / 1_000_000_000L, duration.toSeconds() * rate);
                while (issued[0] < due) {
                    long dueAt = start + issued[0] * 1_000_000_000L / rate;
                    issued[0]++;
                    inFlight.incrementAndGet();
                    send(client, dueAt, finished);
                }
                if (now >= end) {
                    vertx.cancelTimer(timer);
                    finished.run();
                }
            });
        }
        while (!done.await((end - System.nanoTime()) / 1_000_000 + 120_000, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() < end) {
                continue; // ended early: the wait was computed for longer
            }
            // A target slower than the offered rate (moto at 1,000/s on two cores) still owes answers: what it has not
            // answered two minutes after the run counts as unanswered, and the report says so.
            error("no answer two minutes after the run", inFlight.get());
            break;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted;
        Map<String, Long> failures;
        synchronized (this) {
            sorted = Arrays.copyOf(latencies, count);
            failures = new TreeMap<>(errors);
        }
        client.close();
        Arrays.sort(sorted);
        return new Result(target, sent.get(), ok.get(), failures, seconds, sorted, slowestBySecond.clone());
    }

    private void loop(HttpClient client, Runnable finished) {
        if (System.nanoTime() >= end) {
            finished.run();
            return;
        }
        send(client, System.nanoTime(), () -> loop(client, finished));
    }

    private void send(HttpClient client, long dueAt, Runnable next) {
        long number = sent.incrementAndGet();
        byte[] body = bodies.apply(number);
        SigV4Signer.Signed signed = signer.sign(endpoint.getHost() + ":" + endpoint.getPort(), body, Instant.now());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/")
                .putHeader("Content-Type", SigV4Signer.CONTENT_TYPE).putHeader("X-Amz-Date", signed.amzDate())
                .putHeader("Authorization", signed.authorization());
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() == 200) {
                        record(dueAt, System.nanoTime() - dueAt);
                        Matcher id = MESSAGE_ID.matcher(answer.toString());
                        if (id.find()) {
                            accepted.accepted(id.group(1), dueAt);
                        }
                        answered.answered(number, 200, id.find(0) ? id.group(1) : null, dueAt);
                    } else {
                        Matcher code = CODE.matcher(answer.toString());
                        String found = code.find() ? code.group(1) : "";
                        error("HTTP " + response.statusCode() + " " + found);
                        answered.answered(number, response.statusCode(), found, dueAt);
                    }
                    return null;
                }))
                .onFailure(failure -> {
                    error(failure.getClass().getSimpleName());
                    answered.answered(number, 0, null, dueAt);
                })
                .onComplete(ignored -> next.run());
    }

    private synchronized void record(long dueAt, long nanos) {
        ok.incrementAndGet();
        int second = (int) Math.min(slowestBySecond.length - 1, Math.max(0, (dueAt - start) / 1_000_000_000L));
        slowestBySecond[second] = Math.max(slowestBySecond[second], nanos / 1000);
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos / 1000;
    }

    private void error(String kind) {
        error(kind, 1);
    }

    private synchronized void error(String kind, long times) {
        errors.merge(kind, times, Long::sum);
    }
}

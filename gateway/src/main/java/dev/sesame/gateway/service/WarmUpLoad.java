package dev.sesame.gateway.service;

import dev.sesame.gateway.auth.SigV4;
import dev.sesame.gateway.tenant.TenantDirectory;
import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.security.WarmUp;
import dev.sesame.ses.protocol.ActionOwners;
import dev.sesame.ses.protocol.QueryWriter;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The warm-up before the gateway reports ready ({@link GatewayConfig.WarmUpLoad}): once its HTTP server listens and the
 * sending service is ready, SigV4-signed SendEmail requests of the warm-up tenant go to its own endpoint over
 * keep-alive connections, through everything a client's request goes through (the gateway, the sending service, a
 * Kafka transaction), until that many were accepted. A JVM compiles what it runs often: without this, the first
 * minute of clients ran on interpreted code on every process at once. The sends change nothing ({@link WarmUp}).
 */
@Singleton
public class WarmUpLoad {

    private static final Logger LOG = Logger.getLogger(WarmUpLoad.class);
    private static final String REGION = "us-east-1";
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private final Vertx vertx;
    /** Where the HTTP server listens (a random port, as in tests, is known only there). */
    private final ValueRegistry registry;
    private final GatewayConfig config;
    private final TenantDirectory.Credentials key;
    /** Signs the warm-up's requests as an SDK would (SES's service name; the gateway verifies them with its own). */
    private final SigV4 sigV4 = new SigV4(Set.of("ses"), true);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean done;
    private long startedAt;
    private volatile boolean loading;
    private volatile long loadStartedAt;
    private volatile long deadline;

    public WarmUpLoad(Vertx vertx, GatewayConfig config, TenantDirectory directory, ValueRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
        this.config = config;
        this.key = directory.warmUpKey();
    }

    /** Whether the warm-up is over (or off): the gateway may report ready. */
    public boolean done() {
        return done;
    }

    /** Warm-up requests accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    void start(@ObservesAsync HttpServerStart start) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        String sending = config.services().get(ActionOwners.ownerOf(WarmUp.ACTION));
        if (config.warmUp().requests() <= 0 || sending == null) {
            done = true;
            return;
        }
        startedAt = System.nanoTime();
        deadline = startedAt + config.warmUp().serviceWait().toNanos();
        String host = start.options().getHost() == null || start.options().getHost().equals("0.0.0.0") ? "127.0.0.1" : start.options().getHost();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(config.warmUp().connections()));
        whenReady(client, sending, () -> {
            loadStartedAt = System.nanoTime();
            // The patience is the warm-up's own: a service that replays a long history first does not eat into it.
            deadline = loadStartedAt + config.warmUp().patience().toNanos();
            loading = true;
            LOG.infof("warming up: %d SendEmail requests of the warm-up tenant over %d connections", config.warmUp().requests(),
                    config.warmUp().connections());
            List<Request> mix = mix(host, registry.get(HttpServer.HTTP_SERVER).getPort());
            for (int i = 0; i < config.warmUp().connections(); i++) {
                next(client, mix);
            }
        });
    }

    /** One signed request, replayed (a signature is good for 15 minutes; the warm-up's patience is shorter). */
    private record Request(RequestOptions options, Buffer body, boolean valid) {
    }

    /**
     * What the warm-up sends, in turn: mostly the SendEmail it counts, and now and then what a client gets an error
     * for (a missing parameter, an action the warm-up key may not call, a bad signature, a sender it may not use), so
     * that the compiled code also knows the paths of errors and is not thrown away at a client's first one.
     */
    private List<Request> mix(String host, int port) {
        Map<String, String> send = Map.of("Action", WarmUp.ACTION, "Version", "2010-12-01", "Source", WarmUp.SOURCE,
                "Destination.ToAddresses.member.1", WarmUp.RECIPIENT, "Message.Subject.Data", "warm-up",
                "Message.Body.Text.Data", "A request of the gateway's warm-up; it is not sent.");
        Request valid = request(host, port, send, key.secret(), true);
        List<Request> mix = new ArrayList<>(Collections.nCopies(16, valid));
        Map<String, String> noDestination = new HashMap<>(send);
        noDestination.remove("Destination.ToAddresses.member.1");
        mix.add(request(host, port, noDestination, key.secret(), false));
        mix.add(request(host, port, Map.of("Action", "ListIdentities", "Version", "2010-12-01"), key.secret(), false));
        mix.add(request(host, port, send, "not-the-secret", false));
        Map<String, String> otherSender = new HashMap<>(send);
        otherSender.put("Source", "someone@example.com");
        mix.add(request(host, port, otherSender, key.secret(), false));
        // The gateway's other resources, as a tenant's set-up reaches them: the v2 API (refused to the warm-up key by
        // the service) and the admin API (without a token: refused before anything is read from the database).
        mix.add(signed(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v2/email/account"), host, port, new byte[0], key.secret(), false));
        mix.add(new Request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI("/admin/tenants")
                .putHeader("Content-Type", "application/json"), Buffer.buffer("{\"name\":\"warm-up\"}"), false));
        return mix;
    }

    private Request request(String host, int port, Map<String, String> params, String secret, boolean valid) {
        return signed(new RequestOptions().setMethod(HttpMethod.POST).setURI("/").putHeader("Content-Type", FORM), host, port,
                QueryWriter.encode(params).getBytes(StandardCharsets.UTF_8), secret, valid);
    }

    /** The request, signed with the warm-up key's id and {@code secret} as an SDK signs (its headers, Host and X-Amz-Date). */
    private Request signed(RequestOptions options, String host, int port, byte[] body, String secret, boolean valid) {
        String amzDate = SigV4.amzDate(Instant.now());
        options.setHost(host).setPort(port).putHeader("Host", host + ":" + port).putHeader("X-Amz-Date", amzDate);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        options.getHeaders().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
        String authorization = sigV4.authorization(new SigV4.Request(options.getMethod().name(), options.getURI(), "", headers, body),
                key.accessKeyId(), secret, REGION, "ses");
        return new Request(options.putHeader("Authorization", authorization), Buffer.buffer(body), valid);
    }

    private void next(HttpClient client, List<Request> mix) {
        if (accepted.get() >= config.warmUp().requests() || System.nanoTime() > deadline) {
            finish(client);
            return;
        }
        Request request = mix.get((int) (sent.getAndIncrement() % mix.size()));
        client.request(request.options())
                .compose(http -> http.send(request.body()))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(answer -> {
                    if (!request.valid() || answer.succeeded() && answer.result() == 200) {
                        if (request.valid()) {
                            accepted.incrementAndGet();
                        }
                        next(client, mix);
                    } else {
                        refused.incrementAndGet();
                        vertx.setTimer(100, id -> next(client, mix));
                    }
                });
    }

    /** Waits (within {@code service-wait}) until the service that takes the warm-up's requests reports ready. */
    private void whenReady(HttpClient client, String service, Runnable then) {
        if (System.nanoTime() > deadline) {
            finish(client);
            return;
        }
        URI uri = URI.create(service);
        client.request(HttpMethod.GET, uri.getPort() < 0 ? 80 : uri.getPort(), uri.getHost(), "/q/health/ready")
                .compose(http -> http.send())
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(answer -> {
                    if (answer.succeeded() && answer.result() == 200) {
                        then.run();
                    } else {
                        vertx.setTimer(250, id -> whenReady(client, service, then));
                    }
                });
    }

    private void finish(HttpClient client) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        if (accepted.get() >= config.warmUp().requests()) {
            LOG.infof("warmed up: %d requests accepted in %.1f s (%.1f s since the HTTP server started; %d answered otherwise)",
                    accepted.get(), (System.nanoTime() - loadStartedAt) / 1e9, seconds, refused.get());
        } else if (!loading) {
            LOG.warnf("the %s service was not ready after %.1f s: no warm-up; ready anyway", ActionOwners.ownerOf(WarmUp.ACTION), seconds);
        } else {
            LOG.warnf("the warm-up ran out of patience after %.1f s with %d of %d requests accepted (%d answered otherwise); ready anyway",
                    (System.nanoTime() - loadStartedAt) / 1e9, accepted.get(), config.warmUp().requests(), refused.get());
        }
        done = true;
        client.close();
    }
}

package dev.sesame.gateway.auth;

import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.ses.protocol.SesException;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per tenant over all SES calls; past it a tenant gets {@code Throttling} ("Rate exceeded"). */
@Singleton
public class Throttle {

    private final double perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    public Throttle(GatewayConfig config) {
        this.perSecond = config.requestsPerSecond();
    }

    public void admit(String accountId) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(accountId, id -> new Bucket(perSecond, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(perSecond, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
            bucket.refilledAt = now;
            if (bucket.tokens < 1) {
                throw new SesException("Throttling", 400, "Rate exceeded");
            }
            bucket.tokens -= 1;
        }
    }
}

package dev.sesame.gateway.auth;

import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.security.WarmUp;
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
        final double perSecond;
        double tokens;
        long refilledAt;

        Bucket(double perSecond, long now) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.refilledAt = now;
        }
    }

    public Throttle(GatewayConfig config) {
        this.perSecond = config.requestsPerSecond();
    }

    public void admit(String accountId) {
        long now = System.nanoTime();
        // The gateway's own warm-up is not limited: its bucket is bottomless (the same code as any tenant's, so that the
        // warm-up compiles what tenants run).
        Bucket bucket = buckets.computeIfAbsent(accountId, id -> new Bucket(WarmUp.ACCOUNT.equals(id) ? Double.MAX_VALUE : perSecond, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(bucket.perSecond, bucket.tokens + (now - bucket.refilledAt) / 1e9 * bucket.perSecond);
            bucket.refilledAt = now;
            if (bucket.tokens < 1) {
                throw new SesException("Throttling", 400, "Rate exceeded");
            }
            bucket.tokens -= 1;
        }
    }
}

package dev.sesame.sending.service;

import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's sending quotas: MaxSendRate recipients per second (a token bucket that may go into debt for one
 * message, so a message of many recipients is never refused forever), and Max24HourSend recipients over a
 * rolling 24 hours, simulator recipients excepted. -1 is unlimited.
 */
@Singleton
public class SendQuotas {

    private final SendingLedger ledger;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    public SendQuotas(SendingLedger ledger) {
        this.ledger = ledger;
    }

    /** Admits {@code recipients} (of which {@code counted} count against the daily quota), or throws Throttling. */
    public void admit(Caller caller, int recipients, int counted) {
        if (caller.max24HourSend() >= 0 && ledger.sentLast24Hours(caller.accountId()) + counted > caller.max24HourSend()) {
            throw new SesException("Throttling", 400, "Daily message quota exceeded.");
        }
        if (caller.maxSendRate() < 0) {
            return;
        }
        double rate = caller.maxSendRate();
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(caller.accountId(), a -> {
            Bucket fresh = new Bucket();
            fresh.tokens = rate;
            fresh.refilledAt = now;
            return fresh;
        });
        synchronized (bucket) {
            bucket.tokens = Math.min(rate, bucket.tokens + (now - bucket.refilledAt) / 1e9 * rate);
            bucket.refilledAt = now;
            if (bucket.tokens < 1) {
                throw new SesException("Throttling", 400, "Maximum sending rate exceeded.");
            }
            bucket.tokens -= recipients;
        }
    }
}

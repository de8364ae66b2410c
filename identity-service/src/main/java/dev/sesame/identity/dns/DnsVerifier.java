package dev.sesame.identity.dns;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.identity.config.IdentityConfig;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.model.VerificationStatus;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.identity.service.IdentityJournal;
import dev.sesame.identity.service.IdentityStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Decides, from real DNS, the identities still pending: a domain's {@code _amazonses} TXT record, its three Easy
 * DKIM CNAMEs, a custom MAIL FROM domain's MX. Runs on a schedule and on demand; every decision is an event.
 *
 * <p>Found: {@code Success}. Not found past the retry window: {@code Failed}. A DNS error: {@code TemporaryFailure},
 * checked again next time.
 */
@Singleton
public class DnsVerifier {

    private static final Logger LOG = Logger.getLogger(DnsVerifier.class);
    private static final int BATCH = 200;

    private final IdentityStore store;
    private final IdentityJournal journal;
    private final DnsLookups dns;
    private final IdentityConfig config;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dns-verifier");
        thread.setDaemon(true);
        return thread;
    });

    public DnsVerifier(IdentityStore store, IdentityJournal journal, DnsLookups dns, IdentityConfig config) {
        this.store = store;
        this.journal = journal;
        this.dns = dns;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long every = config.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
    }

    /** Runs one pass now, on the verifier's own thread; completes with the number of status changes. */
    public java.util.concurrent.Future<Integer> checkNow() {
        return scheduler.submit(this::check);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("DNS verification pass failed; it runs again at the next interval", e);
        }
    }

    private int check() {
        List<Identity> pending = await(() -> store.awaitingDnsChecks(BATCH));
        int changes = 0;
        for (Identity identity : pending) {
            boolean expired = identity.verificationRequestedAt != null
                    && Instant.now().isAfter(identity.verificationRequestedAt.plus(config.retryWindow()));
            if (identity.type.equals("Domain") && pendingOrRetrying(identity.verificationStatus)) {
                String domain = identity.domain();
                DnsLookups.Outcome outcome = dns.txt("_amazonses." + domain, identity.verificationToken);
                if (outcome == DnsLookups.Outcome.NOT_FOUND) {
                    outcome = dns.txt(domain, identity.verificationToken);
                }
                changes += decide(identity, identity.verificationStatus, outcome, expired, EventType.IDENTITY_VERIFICATION_STATUS_CHANGED,
                        status -> new IdentityEvents.VerificationStatusChanged(identity.name, status, "dns"));
            }
            if (identity.dkimTokens != null && pendingOrRetrying(identity.dkimVerificationStatus)) {
                changes += decide(identity, identity.dkimVerificationStatus, dkim(identity), expired, EventType.IDENTITY_DKIM_STATUS_CHANGED,
                        status -> new IdentityEvents.DkimStatusChanged(identity.name, status));
            }
            if (identity.mailFromDomain != null && identity.mailFromDomainStatus != null
                    && !identity.mailFromDomainStatus.equals(VerificationStatus.Success.name())) {
                DnsLookups.Outcome outcome = dns.mx(identity.mailFromDomain, config.feedbackHost());
                // A MAIL FROM domain is looked at again and again: Failed is not final, an MX found later succeeds.
                String status = switch (outcome) {
                    case FOUND -> VerificationStatus.Success.name();
                    case ERROR -> VerificationStatus.TemporaryFailure.name();
                    case NOT_FOUND -> expired ? VerificationStatus.Failed.name() : identity.mailFromDomainStatus;
                };
                if (!status.equals(identity.mailFromDomainStatus)) {
                    record(identity, EventType.IDENTITY_MAIL_FROM_STATUS_CHANGED, new IdentityEvents.MailFromStatusChanged(identity.name, status));
                    changes++;
                }
            }
        }
        return changes;
    }

    private DnsLookups.Outcome dkim(Identity identity) {
        DnsLookups.Outcome result = DnsLookups.Outcome.FOUND;
        for (String token : identity.dkimTokens.split(" ")) {
            DnsLookups.Outcome outcome = dns.cname(token + "._domainkey." + identity.domain(), token + "." + config.dkimDomain());
            if (outcome == DnsLookups.Outcome.ERROR) {
                return outcome;
            }
            if (outcome == DnsLookups.Outcome.NOT_FOUND) {
                result = outcome;
            }
        }
        return result;
    }

    private int decide(Identity identity, String current, DnsLookups.Outcome outcome, boolean expired, EventType type,
                       java.util.function.Function<String, Record> payload) {
        String status = switch (outcome) {
            case FOUND -> VerificationStatus.Success.name();
            case ERROR -> VerificationStatus.TemporaryFailure.name();
            case NOT_FOUND -> expired ? VerificationStatus.Failed.name() : VerificationStatus.Pending.name();
        };
        if (status.equals(current)) {
            return 0;
        }
        record(identity, type, payload.apply(status));
        return 1;
    }

    private void record(Identity identity, EventType type, Record payload) {
        journal.record(identity.accountId, null, type, identity.name, payload).await().atMost(config.checkInterval().plusSeconds(30));
    }

    private static boolean pendingOrRetrying(String status) {
        return VerificationStatus.Pending.name().equals(status) || VerificationStatus.TemporaryFailure.name().equals(status);
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}

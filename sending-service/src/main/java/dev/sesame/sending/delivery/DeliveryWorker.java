package dev.sesame.sending.delivery;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.GroupWorker;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.sending.config.SendingConfig;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.sending.ledger.SuppressionList;
import dev.sesame.sending.service.MailboxSimulator;
import dev.sesame.eventlog.catalogue.SendingEvents.OutboundMessage;
import dev.sesame.eventlog.catalogue.SendingEvents.SesEventRecord;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Delivers accepted messages: consumes {@code sesame.sending.messages}, decides each recipient (mailbox simulator, the
 * account's suppression list, or SMTP through the relay or the recipient domain's MX), and records every outcome as an event.
 *
 * <p>A temporary failure is retried with doubling backoff until {@code retry-for} has passed since acceptance,
 * then it becomes a transient Bounce. A message's offset is committed only once every recipient has an outcome,
 * so a crash loses nothing; recipients whose outcome is already recorded are skipped, so nothing is delivered twice.
 * At most {@code max-queued} messages wait for their first attempt: beyond that the consumer pauses.
 *
 * <p>When the group moves a partition away, this instance stops starting its messages, waits for the attempts under
 * way and commits what they finished, so the next owner starts where it stopped (and, before looking at any
 * message, knows every outcome recorded so far). A message delivered twice is then one whose SMTP transaction had
 * its 250 but not yet its outcome committed when its instance died.
 */
@Singleton
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    /** The consumer group of the delivery workers of every instance. */
    public static final String GROUP = "sesame-sending-delivery";
    private static final long FLOOR_EVERY_MILLIS = 10_000;

    /**
     * What an attempt's outcomes name as their cause (the accepted message's event and where its record is), and
     * the appends of those outcomes.
     */
    private record Cause(String eventId, String position, List<CompletableFuture<?>> recorded) {
    }

    private final SendingConfig config;
    private final EventLog log;
    private final SendingLedger ledger;
    private final ProjectionRunner ledgerRunner;
    private final Routes routes;
    private final DkimSigning dkim;
    private final FeedbackMail feedback;
    private final SuppressionList suppression;
    private final ProjectionRunner suppressionRunner;
    private final SmtpClient smtp;
    private final ScheduledExecutorService deliveries;
    private final ConcurrentLinkedQueue<ConsumerRecord<String, EventEnvelope>> done = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, TreeSet<Long>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** The partitions this instance owns, each with a token of its assignment: a record read under another is dropped. */
    private final Map<TopicPartition, Long> owned = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong assignments = new java.util.concurrent.atomic.AtomicLong();
    /** Attempts under way, by partition: from their ownership check until their outcomes are durable. */
    private final Map<TopicPartition, AtomicInteger> running = new ConcurrentHashMap<>();
    private GroupWorker worker;
    private long floorRaisedAt;

    public DeliveryWorker(SendingConfig config, EventLog log, SendingLedger ledger, @Identifier("ledger") ProjectionRunner ledgerRunner,
                          Routes routes, DkimSigning dkim, FeedbackMail feedback, SuppressionList suppression,
                          @Identifier("suppression-list") ProjectionRunner suppressionRunner) {
        this.config = config;
        this.suppression = suppression;
        this.suppressionRunner = suppressionRunner;
        this.log = log;
        this.ledger = ledger;
        this.ledgerRunner = ledgerRunner;
        this.routes = routes;
        this.dkim = dkim;
        this.feedback = feedback;
        this.smtp = new SmtpClient(config.hostname(), config.smtpTimeout());
        this.deliveries = Executors.newScheduledThreadPool(config.deliveryThreads(), r -> {
            Thread t = new Thread(r, "delivery");
            t.setDaemon(true);
            return t;
        });
    }

    void start(@Observes StartupEvent event) {
        // Batched: a message waits up to EventConsumers.BATCH_WAIT longer for its attempt, and the busiest topic is
        // fetched a handful of times a second instead of once per transaction.
        worker = new GroupWorker("delivery-consumer", config.bootstrapServers(), GROUP, "earliest",
                List.of(Topics.MESSAGES), null, true, this::awaitLedger, (records, consumer) -> {
                    for (ConsumerRecord<String, EventEnvelope> record : records) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        TreeSet<Long> offsets = inFlight.computeIfAbsent(partition, p -> new TreeSet<>());
                        synchronized (offsets) {
                            offsets.add(record.offset());
                        }
                        queued.incrementAndGet();
                        long token = owned.getOrDefault(partition, -1L);
                        deliveries.execute(() -> deliver(record, token, List.of(), 0));
                    }
                    // Reading runs ahead of delivering only so far: memory holds a bounded number of messages.
                    if (queued.get() >= config.maxQueued()) {
                        consumer.pause(consumer.assignment());
                    } else if (!consumer.paused().isEmpty()) {
                        consumer.resume(consumer.paused());
                    }
                    commitFinished(consumer);
                    raiseLedgerFloor(consumer);
                }).onRebalance(new GroupWorker.Rebalance() {
                    @Override
                    public void revoked(java.util.Collection<TopicPartition> partitions, KafkaConsumer<String, EventEnvelope> consumer) {
                        giveUp(partitions, consumer);
                    }

                    @Override
                    public void assigned(java.util.Collection<TopicPartition> partitions, KafkaConsumer<String, EventEnvelope> consumer) {
                        if (!partitions.isEmpty()) {
                            awaitLedger(); // what the previous owner recorded is known before its messages are looked at
                            partitions.forEach(partition -> owned.put(partition, assignments.incrementAndGet()));
                        }
                    }
                });
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.close();
        }
        deliveries.shutdownNow();
    }

    /**
     * Outcomes recorded before a restart must be known before any message is looked at again, and so must the
     * suppression list, or a listed address could be attempted.
     */
    private void awaitLedger() {
        try {
            CompletableFuture.allOf(ledgerRunner.awaitCaughtUpNow(), suppressionRunner.awaitCaughtUpNow()).orTimeout(5, TimeUnit.MINUTES).join();
        } catch (RuntimeException e) {
            LOG.warn("could not wait for the sending ledger and the suppression list to catch up", e);
        }
    }

    /**
     * Partitions given up: no attempt of theirs starts any more; the ones under way are waited for (an SMTP
     * timeout at most) and what they finished is committed, so the next owner starts after them.
     */
    private void giveUp(java.util.Collection<TopicPartition> partitions, KafkaConsumer<String, EventEnvelope> consumer) {
        partitions.forEach(owned::remove);
        long deadline = System.nanoTime() + config.smtpTimeout().plusSeconds(10).toNanos();
        while (partitions.stream().anyMatch(p -> running.containsKey(p) && running.get(p).get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            commitFinished(consumer);
        } catch (RuntimeException e) {
            LOG.warnf("could not commit the deliveries of partitions given up (%s); the next owner skips their recorded outcomes", e.toString());
        }
        partitions.forEach(inFlight::remove);
    }

    /** Commits, per partition, the offsets below the oldest message still in flight. */
    private void commitFinished(KafkaConsumer<String, EventEnvelope> consumer) {
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        ConsumerRecord<String, EventEnvelope> finished;
        Set<TopicPartition> touched = new java.util.HashSet<>();
        while ((finished = done.poll()) != null) {
            TopicPartition partition = new TopicPartition(finished.topic(), finished.partition());
            TreeSet<Long> offsets = inFlight.get(partition);
            if (offsets == null) {
                continue; // a partition given up
            }
            synchronized (offsets) {
                offsets.remove(finished.offset());
            }
            touched.add(partition);
            commits.put(partition, new OffsetAndMetadata(finished.offset() + 1));
        }
        for (TopicPartition partition : touched) {
            TreeSet<Long> offsets = inFlight.get(partition);
            synchronized (offsets) { // touched: in inFlight
                if (!offsets.isEmpty()) {
                    commits.put(partition, new OffsetAndMetadata(offsets.first()));
                }
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
        }
    }

    /**
     * Every few seconds, the group's committed offsets of every partition (those of other instances too) become
     * the ledger's floor: outcomes of messages below them are never needed again.
     */
    private void raiseLedgerFloor(KafkaConsumer<String, EventEnvelope> consumer) {
        if (System.currentTimeMillis() - floorRaisedAt < FLOOR_EVERY_MILLIS) {
            return;
        }
        floorRaisedAt = System.currentTimeMillis();
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        consumer.partitionsFor(Topics.MESSAGES).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        Map<Integer, Long> floor = new LinkedHashMap<>();
        consumer.committed(partitions).forEach((partition, committed) -> {
            if (committed != null) {
                floor.put(partition.partition(), committed.offset());
            }
        });
        ledger.raiseFloor(floor);
    }

    /**
     * One delivery attempt of a message: the recipients without a recorded outcome (or only {@code retry}), the
     * attempt number for the backoff. The thread does not wait for the outcomes to be durable: once they are, the
     * message is done (its offset may be committed) or its retry is scheduled.
     */
    private void deliver(ConsumerRecord<String, EventEnvelope> record, long token, List<String> retry, int attempt) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        AtomicInteger attempts = running.computeIfAbsent(partition, p -> new AtomicInteger());
        attempts.incrementAndGet();
        if (owned.getOrDefault(partition, -2L) != token) {
            // Given up to another member, which reads it again from the committed position.
            attempts.decrementAndGet();
            firstAttemptOver(attempt);
            return;
        }
        boolean waiting = false;
        try {
            OutboundMessage message = EventCodec.JSON.treeToValue(record.value().payload(), OutboundMessage.class);
            Set<String> finished = ledger.finishedRecipients(message.messageId());
            List<String> pending = (retry.isEmpty() ? message.recipients() : retry).stream()
                    .filter(r -> !finished.contains(r.toLowerCase(Locale.ROOT))).toList();
            Cause cause = new Cause(record.value().eventId(), record.topic() + "-" + record.partition() + "@" + record.offset(),
                    new ArrayList<>());
            List<String> deferred = new ArrayList<>();
            List<String> real = new ArrayList<>();
            for (String recipient : pending) {
                if (MailboxSimulator.isSimulator(recipient)) {
                    simulate(message, cause, recipient);
                } else if (suppression.suppressed(message.accountId(), recipient)) {
                    bounce(message, cause, "Permanent", "OnAccountSuppressionList",
                            List.of(new Outcomes.Bounced(recipient, "5.1.1", Outcomes.ON_ACCOUNT_SUPPRESSION_LIST)));
                } else {
                    real.add(recipient);
                }
            }
            if (!real.isEmpty()) {
                byte[] mime = dkim.sign(message, Base64.getDecoder().decode(message.mime()));
                for (List<String> group : groups(real)) {
                    deferred.addAll(transact(message, cause, group, mime));
                }
            }
            Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(attempt, 16));
            boolean over = deferred.isEmpty();
            if (!over && Instant.now().plus(wait).isAfter(message.acceptedAt().plus(config.retryFor()))) {
                giveUp(message, cause, deferred);
                over = true;
            }
            boolean delivered = over;
            CompletableFuture.allOf(cause.recorded().toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
                try {
                    if (failure != null) {
                        retryLater(record, token, retry, attempt, failure);
                    } else if (delivered) {
                        finish(record, attempt);
                    } else {
                        firstAttemptOver(attempt);
                        deliveries.schedule(() -> deliver(record, token, deferred, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    attempts.decrementAndGet();
                }
            });
            waiting = true;
        } catch (JsonProcessingException e) {
            LOG.errorf("message at %s-%d offset %d is not an OutboundMessage; skipped", record.topic(), record.partition(), record.offset());
            finish(record, attempt);
        } catch (RuntimeException e) {
            retryLater(record, token, retry, attempt, e);
        } finally {
            if (!waiting) {
                attempts.decrementAndGet();
            }
        }
    }

    private void retryLater(ConsumerRecord<String, EventEnvelope> record, long token, List<String> retry, int attempt, Throwable failure) {
        LOG.errorf(failure, "delivery of message %s failed; retrying", record.key());
        firstAttemptOver(attempt);
        deliveries.schedule(() -> deliver(record, token, retry, attempt + 1), config.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(ConsumerRecord<String, EventEnvelope> record, int attempt) {
        firstAttemptOver(attempt);
        done.add(record);
    }

    private void firstAttemptOver(int attempt) {
        if (attempt == 0) {
            queued.decrementAndGet();
        }
    }

    /** Recipients that share a transaction: all of them through a relay, else those of one domain. */
    private List<List<String>> groups(List<String> recipients) {
        if (routes.relayed()) {
            return List.of(recipients);
        }
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        recipients.forEach(r -> byDomain.computeIfAbsent(r.substring(r.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT),
                d -> new ArrayList<>()).add(r));
        return new ArrayList<>(byDomain.values());
    }

    /** One SMTP transaction for recipients of one route; returns the recipients to try again later. */
    private List<String> transact(OutboundMessage message, Cause cause, List<String> recipients, byte[] mime) {
        String domain = recipients.get(0).substring(recipients.get(0).lastIndexOf('@') + 1);
        List<Routes.Hop> hops;
        try {
            hops = routes.hops(domain);
        } catch (IOException e) {
            return recipients;
        }
        if (hops.isEmpty()) {
            bounce(message, cause, "Permanent", "General", recipients.stream().map(r -> new Outcomes.Bounced(r, "5.1.2",
                    "smtp; 550 5.1.2 the domain " + domain + " has no mail server")).toList());
            return List.of();
        }
        Map<String, SmtpReply> replies = Map.of();
        for (Routes.Hop hop : hops) {
            replies = smtp.send(hop.host(), hop.port(), message.envelopeFrom(), recipients, mime, message.requireTls());
            if (replies.values().stream().noneMatch(r -> r.code() == 421 && r.text().startsWith("4.4.1"))) {
                break;
            }
        }
        List<String> delivered = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        SmtpReply accepted = null;
        Map<String, List<Outcomes.Bounced>> permanent = new LinkedHashMap<>();
        for (Map.Entry<String, SmtpReply> entry : replies.entrySet()) {
            SmtpReply reply = entry.getValue();
            if (reply.positive()) {
                delivered.add(entry.getKey());
                accepted = reply;
            } else if (reply.permanent()) {
                permanent.computeIfAbsent(Outcomes.permanentSubType(reply), s -> new ArrayList<>())
                        .add(new Outcomes.Bounced(entry.getKey(), reply.status(), "smtp; " + reply.line()));
            } else {
                deferred.add(entry.getKey());
            }
        }
        if (!delivered.isEmpty()) {
            record(message, cause, EventType.DELIVERY, Outcomes.delivery(message, delivered, accepted.line(), config.hostname()));
        }
        permanent.forEach((subType, bounced) -> bounce(message, cause, "Permanent", subType, bounced));
        return deferred;
    }

    private void giveUp(OutboundMessage message, Cause cause, List<String> recipients) {
        bounce(message, cause, "Transient", "General", recipients.stream().map(r -> new Outcomes.Bounced(r, "4.4.7",
                "smtp; 421 4.4.7 delivery was retried for " + config.retryFor() + " without success")).toList());
    }

    private void simulate(OutboundMessage message, Cause cause, String recipient) {
        switch (MailboxSimulator.scenario(recipient)) {
            case SUCCESS, OOTO -> record(message, cause, EventType.DELIVERY,
                    Outcomes.delivery(message, List.of(recipient), "250 2.6.0 Message received", config.hostname()));
            case BOUNCE -> bounce(message, cause, "Permanent", "General", List.of(new Outcomes.Bounced(recipient, "5.1.1",
                    "smtp; 550 5.1.1 user unknown")));
            case COMPLAINT -> {
                record(message, cause, EventType.DELIVERY, Outcomes.delivery(message, List.of(recipient), "250 2.6.0 Message received", config.hostname()));
                record(message, cause, EventType.COMPLAINT, Outcomes.complaint(message, recipient));
                feedback.complaint(message, recipient);
            }
            case SUPPRESSION_LIST -> bounce(message, cause, "Permanent", "Suppressed",
                    List.of(new Outcomes.Bounced(recipient, "5.1.1", Outcomes.SUPPRESSED)));
        }
    }

    private void bounce(OutboundMessage message, Cause cause, String type, String subType, List<Outcomes.Bounced> bounced) {
        record(message, cause, EventType.BOUNCE, Outcomes.bounce(message, type, subType, bounced, config.hostname()));
        feedback.bounce(message, bounced, type);
    }

    /** Records an outcome; the message is not done (nor retried) until it is durable. */
    private void record(OutboundMessage message, Cause cause, EventType type, SesEventRecord outcome) {
        EventEnvelope event = EventEnvelope.causedBy(type, message.accountId(), message.messageId(), cause.eventId(), cause.position(),
                outcome);
        cause.recorded().add(log.appendAtomically(List.of(EventLog.Append.of(message.accountId(), event))));
    }
}

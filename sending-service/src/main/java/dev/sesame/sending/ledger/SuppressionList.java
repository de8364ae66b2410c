package dev.sesame.sending.ledger;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import dev.sesame.sending.service.MailboxSimulator;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Each account's suppression list (SES v2's account-level list, on for bounces and complaints as in a new SES
 * account): a hard bounce or a complaint on {@code sesame.sending.events} puts the address on it, and
 * PutSuppressedDestination and DeleteSuppressedDestination ({@code sesame.sending.suppression}) put and take it
 * off. Of two facts about an address the later one holds, so the list is the same whatever order the two topics
 * are replayed in. Mailbox-simulator addresses are never listed, as SES never lists them.
 */
@Singleton
public class SuppressionList extends InMemoryProjection {

    /** One listed address: why, since when, and the message and feedback that put it there (if any). */
    public record Entry(String emailAddress, String reason, Instant lastUpdateTime, String messageId, String feedbackId) {
    }

    /** An address's last fact: listed (an entry) or taken off (no entry), at a time. */
    private record Fact(Instant at, Entry entry) {
    }

    private final Map<String, NavigableMap<String, Fact>> byAccount = new ConcurrentHashMap<>();

    public SuppressionList() {
        super(Topics.SENDING, Topics.SUPPRESSION);
    }

    @Override
    public boolean wants(EventEnvelope envelope) {
        return switch (envelope.eventType()) {
            case BOUNCE, COMPLAINT, SUPPRESSED_DESTINATION_PUT, SUPPRESSED_DESTINATION_DELETED -> true;
            default -> false;
        };
    }

    @Override
    protected void apply(EventEnvelope event) {
        JsonNode payload = event.payload();
        switch (event.eventType()) {
            case BOUNCE -> {
                JsonNode bounce = payload.path("bounce");
                // Only hard bounces, and not the ones the list itself (or the simulator's) caused.
                if (bounce.path("bounceType").asText().equals("Permanent") && !bounce.path("bounceSubType").asText().endsWith("Suppressed")
                        && !bounce.path("bounceSubType").asText().equals("OnAccountSuppressionList")) {
                    bounce.path("bouncedRecipients").forEach(r -> list(event, r.path("emailAddress").asText(), "BOUNCE",
                            payload.path("mail").path("messageId").asText(null), bounce.path("feedbackId").asText(null)));
                }
            }
            case COMPLAINT -> {
                JsonNode complaint = payload.path("complaint");
                complaint.path("complainedRecipients").forEach(r -> list(event, r.path("emailAddress").asText(), "COMPLAINT",
                        payload.path("mail").path("messageId").asText(null), complaint.path("feedbackId").asText(null)));
            }
            case SUPPRESSED_DESTINATION_PUT -> list(event, payload.path("emailAddress").asText(), payload.path("reason").asText(), null, null);
            case SUPPRESSED_DESTINATION_DELETED -> fact(event.tenantId(), payload.path("emailAddress").asText(), new Fact(event.time(), null));
            default -> {
            }
        }
    }

    private void list(EventEnvelope event, String address, String reason, String messageId, String feedbackId) {
        if (address.isEmpty() || MailboxSimulator.isSimulator(address)) {
            return;
        }
        String key = key(address);
        fact(event.tenantId(), address, new Fact(event.time(), new Entry(key, reason, event.time(), messageId, feedbackId)));
    }

    private void fact(String accountId, String address, Fact fact) {
        byAccount.computeIfAbsent(accountId, a -> new ConcurrentSkipListMap<>()).merge(key(address), fact,
                (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    @Override
    protected void clear() {
        byAccount.clear();
    }

    static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<Entry> find(String accountId, String address) {
        Fact fact = byAccount.getOrDefault(accountId, new ConcurrentSkipListMap<>()).get(key(address));
        return fact == null ? Optional.empty() : Optional.ofNullable(fact.entry());
    }

    public boolean suppressed(String accountId, String address) {
        return find(accountId, address).isPresent();
    }

    /** The account's listed addresses in address order, from just after {@code after} (null: the first). */
    public List<Entry> list(String accountId, String after) {
        NavigableMap<String, Fact> all = byAccount.getOrDefault(accountId, new ConcurrentSkipListMap<>());
        return (after == null ? all : all.tailMap(after, false)).values().stream().map(Fact::entry).filter(e -> e != null).toList();
    }
}

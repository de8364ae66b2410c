package dev.sesame.sending.rest;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.SendingEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.ledger.SuppressionList;
import dev.sesame.sending.service.MimeComposer;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.NextTokens;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.common.annotation.Identifier;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SES v2's account-level suppression list: Put, Get, Delete and ListSuppressedDestination(s), with v2's shapes
 * (the gateway's v2 API passes them through). A put or a delete is an event on {@code sesame.sending.suppression},
 * answered once the list shows it.
 */
@ApplicationScoped
public class SuppressionActions implements SesActions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_PAGE = 100;

    private final SuppressionList list;
    private final CommandLog commands;

    public SuppressionActions(SuppressionList list, @Identifier("suppression") CommandLog commands) {
        this.list = list;
        this.commands = commands;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of("PutSuppressedDestination", this::put, "GetSuppressedDestination", this::get,
                "DeleteSuppressedDestination", this::delete, "ListSuppressedDestinations", this::list);
    }

    private static String address(JsonNode input) {
        return MimeComposer.address(input.path("EmailAddress").asText()).getAddress();
    }

    private static SesException notFound(String address) {
        return new SesException("NotFoundException", 404, "Email address " + address + " does not exist on your suppression list.");
    }

    private Uni<?> put(Caller caller, JsonNode input) {
        String address = address(input);
        var payload = new SendingEvents.SuppressedDestinationPut(address.toLowerCase(java.util.Locale.ROOT), input.path("Reason").asText());
        return commands.record(caller.accountId(),
                EventEnvelope.of(EventType.SUPPRESSED_DESTINATION_PUT, caller.accountId(), address, caller.requestId(), payload)).replaceWith(NODES.objectNode());
    }

    private Uni<?> get(Caller caller, JsonNode input) {
        String address = address(input);
        SuppressionList.Entry entry = list.find(caller.accountId(), address).orElseThrow(() -> notFound(address));
        ObjectNode out = NODES.objectNode();
        ObjectNode destination = out.putObject("SuppressedDestination").put("EmailAddress", entry.emailAddress())
                .put("Reason", entry.reason()).put("LastUpdateTime", seconds(entry.lastUpdateTime()));
        if (entry.messageId() != null || entry.feedbackId() != null) {
            ObjectNode attributes = destination.putObject("Attributes");
            if (entry.messageId() != null) {
                attributes.put("MessageId", entry.messageId());
            }
            if (entry.feedbackId() != null) {
                attributes.put("FeedbackId", entry.feedbackId());
            }
        }
        return Uni.createFrom().item(out);
    }

    private Uni<?> delete(Caller caller, JsonNode input) {
        String address = address(input);
        if (!list.suppressed(caller.accountId(), address)) {
            throw notFound(address);
        }
        var payload = new SendingEvents.SuppressedDestinationDeleted(address.toLowerCase(java.util.Locale.ROOT));
        return commands.record(caller.accountId(),
                EventEnvelope.of(EventType.SUPPRESSED_DESTINATION_DELETED, caller.accountId(), address, caller.requestId(), payload)).replaceWith(NODES.objectNode());
    }

    /** Address order; the NextToken is the last address of the page, opaque. */
    private Uni<?> list(Caller caller, JsonNode input) {
        Set<String> reasons = new HashSet<>();
        input.path("Reasons").forEach(r -> reasons.add(r.asText()));
        Instant start = instant(input.path("StartDate"), "StartDate");
        Instant end = instant(input.path("EndDate"), "EndDate");
        int page = input.path("PageSize").asInt(DEFAULT_PAGE);
        if (page < 1 || page > 1000) {
            throw new SesException("BadRequestException", 400, "PageSize must be between 1 and 1000.");
        }
        String after = NextTokens.after(input, () -> new SesException("InvalidNextTokenException", 400,
                "The NextToken is not one this API gave."));
        List<SuppressionList.Entry> matching = list.list(caller.accountId(), after).stream()
                .filter(e -> reasons.isEmpty() || reasons.contains(e.reason()))
                .filter(e -> start == null || !e.lastUpdateTime().isBefore(start))
                .filter(e -> end == null || !e.lastUpdateTime().isAfter(end))
                .limit(page + 1L).toList();
        ObjectNode out = NODES.objectNode();
        ArrayNode summaries = out.putArray("SuppressedDestinationSummaries");
        matching.stream().limit(page).forEach(e -> summaries.addObject().put("EmailAddress", e.emailAddress()).put("Reason", e.reason())
                .put("LastUpdateTime", seconds(e.lastUpdateTime())));
        if (matching.size() > page) {
            out.put("NextToken", NextTokens.of(matching.get(page - 1).emailAddress()));
        }
        return Uni.createFrom().item(out);
    }

    /** REST-JSON timestamps: epoch seconds in bodies; a query string may carry ISO 8601 or epoch seconds. */
    private static Instant instant(JsonNode value, String member) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli((long) (value.asDouble() * 1000));
        }
        try {
            return value.asText().matches("\\d+(\\.\\d+)?") ? Instant.ofEpochMilli((long) (Double.parseDouble(value.asText()) * 1000))
                    : Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new SesException("BadRequestException", 400, member + " is not a timestamp: " + value.asText());
        }
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }
}

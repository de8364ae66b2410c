package dev.sesame.sending.tracking;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.SendingEvents;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.sending.config.SendingConfig;
import dev.sesame.sending.service.EventRecords;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Open and click tracking: instruments the HTML of a tracked set's messages ({@link TrackingLinks}), and turns a
 * followed link or a loaded pixel into SES's {@code Open} or {@code Click} record on {@code sesame.sending.events}.
 */
@Singleton
public class Tracking {

    private final TrackingLinks links;
    private final TrackedMessages tracked;
    private final EventLog log;
    private final String trackingUrl;

    public Tracking(@ConfigProperty(name = "sesame.internal.key") String internalKey, SendingConfig config, TrackedMessages tracked,
                    EventLog log) {
        this.links = new TrackingLinks(java.util.Base64.getDecoder().decode(internalKey));
        this.tracked = tracked;
        this.log = log;
        this.trackingUrl = config.trackingUrl().replaceAll("/+$", "");
    }

    /** The message with its links and pixel through the set's custom redirect domain (https), or Sesame's tracking URL. */
    public byte[] instrument(byte[] mime, String customRedirectDomain, String accountId, String messageId, String configurationSet) {
        String base = customRedirectDomain == null ? trackingUrl : "https://" + customRedirectDomain;
        return links.instrument(mime, base, accountId, messageId, configurationSet);
    }

    /** The event that records the message as tracked, in the send's transaction. */
    public static EventLog.Append trackedEvent(String accountId, String messageId, Map<String, Object> mail) {
        return EventLog.Append.of(accountId, EventEnvelope.of(EventType.MESSAGE_TRACKED, accountId, messageId, null,
                new SendingEvents.MessageTracked(mail)));
    }

    /**
     * A pixel loaded ({@code open}) or a link followed ({@code click}): the record, once durable, and the link to send the
     * browser to (for a click). Empty for a token Sesame did not sign. A message whose mail object is not known (yet)
     * still redirects, without a record.
     */
    @SuppressWarnings("unchecked")
    public Uni<Optional<TrackingLinks.Hit>> follow(String kind, String token, String ipAddress, String userAgent) {
        Optional<TrackingLinks.Hit> hit = links.verify(token).filter(h -> kind.equals("click") == (h.link() != null));
        if (hit.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Optional<JsonNode> mail = tracked.mail(hit.get().accountId(), hit.get().messageId());
        if (mail.isEmpty()) {
            return Uni.createFrom().item(hit);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("ipAddress", ipAddress);
        detail.put("timestamp", EventRecords.timestamp(Instant.now()));
        detail.put("userAgent", userAgent == null ? "" : userAgent);
        EventType type = kind.equals("click") ? EventType.CLICK : EventType.OPEN;
        if (type == EventType.CLICK) {
            detail.put("link", hit.get().link());
            detail.put("linkTags", Map.of());
        }
        var record = SendingEvents.SesEventRecord.of(type, EventCodec.JSON.convertValue(mail.get(), Map.class), detail);
        EventEnvelope event = EventEnvelope.of(type, hit.get().accountId(), hit.get().messageId(), null, record);
        return Uni.createFrom().completionStage(() -> log.appendAtomically(List.of(
                EventLog.Append.of(hit.get().accountId(), event)))).map(ignored -> hit);
    }
}

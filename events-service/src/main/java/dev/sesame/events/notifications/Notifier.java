package dev.sesame.events.notifications;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import dev.sesame.service.api.GroupConsumer;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.events.config.EventsConfig;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.events.service.Destinations;
import dev.sesame.eventlog.CommitPacer;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Publishes to the SNS-style topic registry everything that notifies: identity notifications (each Bounce,
 * Complaint and Delivery of the sending stream, in SES's notification format, to the topic the sending identity
 * set for that type — the address's own, else the identity that authorized the send — with the original headers
 * only when asked for), and the receipt rules' SNS actions ({@code ReceiptNotificationRequested} of the receipt
 * stream, with SES's receipt Subject), and each record of the sending stream that matches an SNS event destination of its
 * configuration set (the record's JSON as the Message, Subject {@code Amazon SES Email Event Notification}).
 */
@Singleton
public class Notifier implements GroupConsumer {

    static final String EVENT_SUBJECT = "Amazon SES Email Event Notification";
    private static final Map<EventType, String> DETAIL = Map.of(EventType.BOUNCE, "bounce", EventType.COMPLAINT, "complaint",
            EventType.DELIVERY, "delivery");

    private final EventsConfig config;
    private final NotificationSettings settings;
    private final SnsPublisher publisher;
    private final Destinations destinations;
    private final CommitPacer commits = new CommitPacer(Duration.ofSeconds(1));

    public Notifier(EventsConfig config, NotificationSettings settings, SnsPublisher publisher, Destinations destinations) {
        this.config = config;
        this.destinations = destinations;
        this.settings = settings;
        this.publisher = publisher;
    }

    @Override
    public String name() {
        return "notifier";
    }

    @Override
    public String group() {
        return "sesame-events-notifications";
    }

    @Override
    public String startAt() {
        return config.notificationsStartAt();
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SENDING, Topics.RECEIPT);
    }

    @Override
    public void run(ConsumerRecords<String, EventEnvelope> records, KafkaConsumer<String, EventEnvelope> consumer) {
        for (ConsumerRecord<String, EventEnvelope> record : records) {
            if (record.value() == null) {
                continue;
            }
            if (record.topic().equals(Topics.RECEIPT)) {
                receiptAction(record.value());
            } else {
                notify(record.value());
                publishToDestinations(record.value());
            }
        }
        // A restart publishes again what the last second published (at least once).
        commits.commit(consumer, false);
    }

    /**
     * What may notify, by the envelope alone: a receipt rule's SNS action, or a Bounce, Complaint or Delivery while
     * any identity has a notification setting, or any record of a tenant with an SNS event destination. Everything else
     * is not read.
     */
    @Override
    public boolean wants(EventEnvelope envelope) {
        return EventType.RECEIPT_NOTIFICATION_REQUESTED.is(envelope.type()) || (DETAIL.containsKey(envelope.eventType()) && settings.any())
                || destinations.any(envelope.tenantId(), destination -> destination.sns() != null);
    }

    /** Batched: a notification may leave up to a fetch's wait later; the busiest stream is fetched a handful of times a second. */
    @Override
    public boolean batched() {
        return true;
    }

    private void publishToDestinations(EventEnvelope event) {
        for (ConfigurationSetEvents.Destination destination : destinations.of(event.tenantId(), event.payload())) {
            if (destination.sns() != null) {
                publisher.publish(destination.sns().topicArn(), event.payload().toString(), EVENT_SUBJECT);
            }
        }
    }

    private void receiptAction(EventEnvelope event) {
        if (EventType.RECEIPT_NOTIFICATION_REQUESTED.is(event.type())) {
            publisher.publish(event.payload().path("topicArn").asText(), event.payload().path("message").asText(),
                    event.payload().path("subject").asText(null));
        }
    }

    void notify(EventEnvelope event) {
        JsonNode record = event.payload();
        String type = record.path("eventType").asText();
        String detail = DETAIL.get(EventType.of(type));
        if (detail == null) {
            return;
        }
        String account = event.tenantId();
        String source = record.at("/mail/source").asText();
        String address = source.contains("<") ? source.substring(source.lastIndexOf('<') + 1, source.lastIndexOf('>')) : source;
        String arn = record.at("/mail/sourceArn").asText();
        String identity = arn.substring(arn.indexOf(":identity/") + ":identity/".length());
        Optional<NotificationSettings.Setting> setting = settings.of(account, address).filter(s -> s.topic(type).isPresent())
                .or(() -> settings.of(arn.split(":")[4], identity).filter(s -> s.topic(type).isPresent()));
        if (setting.isEmpty()) {
            return;
        }
        ObjectNode notification = EventCodec.JSON.createObjectNode();
        notification.put("notificationType", type);
        notification.set(detail, record.get(detail));
        ObjectNode mail = ((ObjectNode) record.get("mail")).deepCopy();
        mail.remove("tags");
        if (!setting.get().headers(type)) {
            mail.remove(List.of("headersTruncated", "headers", "commonHeaders"));
        }
        notification.set("mail", mail);
        publisher.publish(setting.get().topic(type).orElseThrow(), notification.toString());
    }
}

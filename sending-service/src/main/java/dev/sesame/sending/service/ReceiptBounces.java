package dev.sesame.sending.service;

import dev.sesame.service.api.Requests;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.GroupWorker;
import dev.sesame.sending.config.SendingConfig;
import dev.sesame.sending.views.ReceivedMessages;
import dev.sesame.ses.protocol.SesException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Sends the DSNs that receipt rules' Bounce actions ask for: each {@code BounceRequested} event of the receipt
 * stream (at most a day old, as SendBounce allows) goes through the sending path like a SendBounce; the group's
 * position is committed after each batch is sent.
 */
@Singleton
public class ReceiptBounces {

    private static final Logger LOG = Logger.getLogger(ReceiptBounces.class);

    private final SendingConfig config;
    private final Sending sending;
    private GroupWorker worker;

    public ReceiptBounces(SendingConfig config, Sending sending) {
        this.config = config;
        this.sending = sending;
    }

    void start(@Observes StartupEvent event) {
        worker = new GroupWorker("receipt-bounces", config.bootstrapServers(), "sesame-sending-receipt-bounces", "earliest",
                List.of(Topics.RECEIPT), () -> { }, (records, consumer) -> {
                    for (ConsumerRecord<String, EventEnvelope> record : records) {
                        if (EventType.BOUNCE_REQUESTED.is(record.value().type())
                                && record.value().time().isAfter(Instant.now().minus(Duration.ofDays(1)))) {
                            bounce(record.value());
                        }
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                });
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.close();
        }
    }

    private void bounce(EventEnvelope event) {
        JsonNode request = event.payload();
        try {
            String messageId = sending.bounceReceived(event.tenantId(), request.path("source").asText(),
                            Requests.decode(request.path("sendBounce"), SendingRequests.SendBounceRequest.class))
                    .await().atMost(config.commandTimeout().plusSeconds(5));
            LOG.infof("bounced received message %s of %s to its sender as %s", request.path("messageId").asText(), event.tenantId(), messageId);
        } catch (SesException e) {
            LOG.warnf("the Bounce action for received message %s of %s was not sent: %s", request.path("messageId").asText(),
                    event.tenantId(), e.getMessage());
        }
    }
}

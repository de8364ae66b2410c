package dev.sesame.configsets.notifications;

import dev.sesame.configsets.config.EventsConfig;
import dev.sesame.events.log.EventConsumers;
import dev.sesame.events.log.EventEnvelope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Receipt rules' SNS actions use the same topic registry: each {@code ReceiptNotificationRequested} of
 * {@code sesame.receipt.events} is published to its topic's subscribers, with SES's receipt Subject.
 */
@Singleton
public class ReceiptNotifier {

    private static final Logger LOG = Logger.getLogger(ReceiptNotifier.class);

    private final EventsConfig config;
    private final SnsPublisher publisher;
    private volatile boolean running;
    private KafkaConsumer<String, EventEnvelope> consumer;

    public ReceiptNotifier(EventsConfig config, SnsPublisher publisher) {
        this.config = config;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) {
        consumer = EventConsumers.group(config.bootstrapServers(), "sesame-events-receipt-notifications", config.notificationsStartAt());
        running = true;
        Thread thread = new Thread(this::loop, "receipt-notifier");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void loop() {
        consumer.subscribe(List.of("sesame.receipt.events"));
        while (running) {
            try {
                for (ConsumerRecord<String, EventEnvelope> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().type().equals("ReceiptNotificationRequested")) {
                        publisher.publish(record.value().payload().path("topicArn").asText(),
                                record.value().payload().path("message").asText(), record.value().payload().path("subject").asText(null));
                    }
                }
                consumer.commitSync();
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.error("the receipt notifier failed on a record; it goes on", e);
            }
        }
        consumer.close();
    }
}

package dev.sesame.events.log;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends events to Kafka, the commit point of every command: idempotent producer, {@code acks=all}.
 *
 * <p>An append completes once the broker has made the event durable; only then is a command accepted.
 */
public final class EventLog implements AutoCloseable {

    private final KafkaProducer<String, EventEnvelope> producer;
    private final String bootstrapServers;

    public EventLog(String bootstrapServers, String clientId) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(props, new StringSerializer(), new EventCodec());
    }

    /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
    public void ensureTopics(List<String> topics, int partitions) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer", e);
        }
    }

    /** Appends one event under {@code key} (events of one key stay in order); completes when it is durable. */
    public CompletableFuture<RecordMetadata> append(String topic, String key, EventEnvelope event) {
        CompletableFuture<RecordMetadata> durable = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, event), (metadata, error) -> {
                if (error != null) {
                    durable.completeExceptionally(error);
                } else {
                    durable.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            durable.completeExceptionally(e);
        }
        return durable;
    }

    @Override
    public void close() {
        producer.close();
    }
}

package dev.sesame.configsets.firehose;

import dev.sesame.configsets.config.EventsConfig;
import dev.sesame.configsets.model.ConfigurationSetEvents;
import dev.sesame.configsets.service.Destinations;
import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventConsumers;
import dev.sesame.events.log.EventEnvelope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Firehose-style delivery streams: each record of a Firehose destination is its SES event-publishing JSON and a
 * newline, buffered per stream by size and time, and written to the local object store laid out as Firehose
 * writes to S3: {@code <root>/<account>/<stream>/YYYY/MM/DD/HH/<stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid>}.
 *
 * <p>At least once: the consumer commits its position only after every buffer it holds is written, so a restart
 * writes again what was not yet committed, and loses nothing.
 */
@Singleton
public class FirehoseWriter {

    private static final Logger LOG = Logger.getLogger(FirehoseWriter.class);
    private static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final EventsConfig config;
    private final Destinations destinations;
    private final Map<String, ByteArrayOutputStream> buffers = new LinkedHashMap<>();
    private Instant oldest;
    private volatile boolean running;
    private Thread thread;
    private KafkaConsumer<String, EventEnvelope> consumer;

    public FirehoseWriter(EventsConfig config, Destinations destinations) {
        this.config = config;
        this.destinations = destinations;
    }

    void start(@Observes StartupEvent event) {
        consumer = EventConsumers.group(config.bootstrapServers(), "sesame-events-firehose", "earliest");
        running = true;
        thread = new Thread(this::loop, "firehose-writer");
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
        consumer.subscribe(List.of("sesame.sending.events"));
        while (running) {
            try {
                for (ConsumerRecord<String, EventEnvelope> record : consumer.poll(Duration.ofMillis(200))) {
                    buffer(record.value());
                }
                boolean full = buffers.values().stream().anyMatch(b -> b.size() >= config.firehoseBufferBytes());
                boolean old = oldest != null && Instant.now().isAfter(oldest.plus(config.firehoseBufferInterval()));
                if (full || old) {
                    flush();
                }
                if (buffers.isEmpty()) {
                    consumer.commitSync();
                }
            } catch (WakeupException e) {
                // closing: what is buffered and uncommitted is read again at the next start
            } catch (IOException | RuntimeException e) {
                LOG.error("the Firehose writer failed; it goes on, and uncommitted records are read again after a restart", e);
                pause();
            }
        }
        consumer.close();
    }

    private void buffer(EventEnvelope event) {
        for (ConfigurationSetEvents.Destination destination : destinations.of(event.tenantId(), event.payload())) {
            if (destination.firehose() != null) {
                String key = event.tenantId() + "/" + destination.firehose().streamName();
                ByteArrayOutputStream buffer = buffers.computeIfAbsent(key, k -> new ByteArrayOutputStream());
                buffer.writeBytes(EventCodec.JSON.valueToTree(event.payload()).toString().getBytes(StandardCharsets.UTF_8));
                buffer.write('\n');
                if (oldest == null) {
                    oldest = Instant.now();
                }
            }
        }
    }

    /** Writes every buffer as one object; each lands whole (written aside, then moved into place). */
    private void flush() throws IOException {
        Instant now = Instant.now();
        for (Map.Entry<String, ByteArrayOutputStream> buffer : buffers.entrySet()) {
            String stream = buffer.getKey().substring(buffer.getKey().indexOf('/') + 1);
            Path dir = Path.of(config.firehoseRoot(), buffer.getKey()).resolve(HOUR_PATH.format(now));
            Files.createDirectories(dir);
            Path object = dir.resolve(stream + "-1-" + FILE_TIME.format(now) + "-" + UUID.randomUUID());
            Path partial = dir.resolve("." + object.getFileName() + ".partial");
            Files.write(partial, buffer.getValue().toByteArray());
            Files.move(partial, object, StandardCopyOption.ATOMIC_MOVE);
        }
        buffers.clear();
        oldest = null;
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

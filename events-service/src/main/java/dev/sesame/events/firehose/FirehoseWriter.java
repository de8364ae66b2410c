package dev.sesame.events.firehose;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import dev.sesame.service.api.GroupConsumer;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.events.config.EventsConfig;
import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.events.service.Destinations;
import dev.sesame.eventlog.CommitPacer;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Firehose-style delivery streams: each record of a Firehose destination is its SES event-publishing JSON and a
 * newline, buffered per stream by size and time, and written as one object to the stream's destination
 * ({@link ObjectTargets}): by default the local object store laid out as Firehose writes to S3,
 * {@code <root>/<account>/<stream>/YYYY/MM/DD/HH/<stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid>}.
 *
 * <p>At least once: the consumer commits its position only after every buffer it holds is written, so a restart
 * writes again what was not yet committed, and loses nothing.
 */
@Singleton
public class FirehoseWriter implements GroupConsumer {

    private final EventsConfig config;
    private final Destinations destinations;
    private final ObjectTargets targets;
    private final Map<String, List<byte[]>> buffers = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private Instant oldest;
    private final CommitPacer commits = new CommitPacer(Duration.ofSeconds(1));

    public FirehoseWriter(EventsConfig config, Destinations destinations, ObjectTargets targets) {
        this.config = config;
        this.destinations = destinations;
        this.targets = targets;
    }

    @Override
    public String name() {
        return "firehose-writer";
    }

    @Override
    public String group() {
        return "sesame-events-firehose";
    }

    @Override
    public String startAt() {
        return "earliest";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.SENDING);
    }

    @Override
    public void run(ConsumerRecords<String, EventEnvelope> records, KafkaConsumer<String, EventEnvelope> consumer) throws IOException {
        for (ConsumerRecord<String, EventEnvelope> record : records) {
            if (record.value() != null) {
                buffer(record.value());
            }
        }
        boolean full = sizes.values().stream().anyMatch(size -> size >= config.firehoseBufferBytes());
        boolean old = oldest != null && Instant.now().isAfter(oldest.plus(config.firehoseBufferInterval()));
        boolean flushed = full || old;
        if (flushed) {
            flush();
        }
        // Commit only what is written (a restart reads buffered records again): after each write, and
        // while nothing is buffered once a second at most.
        if (buffers.isEmpty()) {
            commits.commit(consumer, flushed);
        }
    }

    /** Only the records of tenants with a Firehose destination are read. */
    @Override
    public boolean wants(EventEnvelope envelope) {
        return destinations.any(envelope.tenantId(), destination -> destination.firehose() != null);
    }

    /** Batched: records reach a stream in buffers anyway; the busiest stream is fetched a handful of times a second. */
    @Override
    public boolean batched() {
        return true;
    }

    private void buffer(EventEnvelope event) {
        for (ConfigurationSetEvents.Destination destination : destinations.of(event.tenantId(), event.payload())) {
            if (destination.firehose() != null) {
                String key = event.tenantId() + "/" + destination.firehose().streamName();
                byte[] line = (EventCodec.JSON.valueToTree(event.payload()).toString() + "\n").getBytes(StandardCharsets.UTF_8);
                buffers.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
                sizes.merge(key, line.length, Integer::sum);
                if (oldest == null) {
                    oldest = Instant.now();
                }
            }
        }
    }

    /** Writes every buffer as one object of its stream's destination; a failure keeps them all for the next try. */
    private void flush() throws IOException {
        Instant now = Instant.now();
        for (Map.Entry<String, List<byte[]>> buffer : buffers.entrySet()) {
            String account = buffer.getKey().substring(0, buffer.getKey().indexOf('/'));
            String stream = buffer.getKey().substring(buffer.getKey().indexOf('/') + 1);
            targets.write(account, stream, buffer.getValue(), now);
        }
        buffers.clear();
        sizes.clear();
        oldest = null;
    }

}

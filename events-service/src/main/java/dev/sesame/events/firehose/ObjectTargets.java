package dev.sesame.events.firehose;

import dev.sesame.eventlog.catalogue.ConfigurationSetEvents;
import dev.sesame.events.config.EventsConfig;
import dev.sesame.events.model.ConfigurationSets;
import dev.sesame.security.SecretBox;
import dev.sesame.service.api.S3Store;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes one buffered object of a delivery stream to its destination: the local object store (default), an HTTP
 * endpoint in Firehose's HTTP endpoint delivery format, or an S3-compatible store (a SigV4-signed PUT).
 */
@Singleton
public class ObjectTargets {

    private static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private final EventsConfig config;
    private final ConfigurationSets registry;
    private final SecretBox secrets;
    // Plain HTTP/1.1, as Firehose and SNS deliver: no h2c upgrade offers to simple receivers.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A stream's destination, from the registry or from configuration. */
    private record Target(String type, String url, Optional<String> bucket, Optional<String> accessKey, Optional<String> secretKey,
                          String region) {
    }

    public ObjectTargets(EventsConfig config, ConfigurationSets registry) {
        this.config = config;
        this.registry = registry;
        this.secrets = new SecretBox(config.masterKey());
    }

    /** Writes {@code lines} (newline-terminated JSON records) of {@code account}'s {@code stream}; throws when it did not land. */
    public void write(String account, String stream, List<byte[]> records, Instant at) throws IOException {
        String key = account + "/" + stream + "/" + HOUR_PATH.format(at) + "/" + stream + "-1-" + FILE_TIME.format(at) + "-" + UUID.randomUUID();
        Target target = target(account, stream);
        if (target == null || target.type().equals("local")) {
            local(key, records);
        } else if (target.type().equals("http")) {
            httpEndpoint(target, records, at);
        } else if (target.type().equals("s3")) {
            s3(target, key, records, at);
        } else {
            throw new IOException("unknown Firehose target type " + target.type() + " for stream " + stream);
        }
    }

    /** The tenant's registered stream (admin API), else a stream configured by name, else none (the local store). */
    private Target target(String account, String stream) {
        Optional<ConfigurationSetEvents.DeliveryStreamRegistered> registered = registry.deliveryStream(account, stream);
        if (registered.isPresent()) {
            ConfigurationSetEvents.DeliveryStreamRegistered r = registered.get();
            return new Target(r.type(), r.url(), Optional.ofNullable(r.bucket()), Optional.ofNullable(r.accessKey()),
                    Optional.ofNullable(r.sealedSecretKey()).map(secrets::open), r.region() == null ? "us-east-1" : r.region());
        }
        EventsConfig.FirehoseTarget configured = config.firehoseTargets().get(stream);
        return configured == null ? null : new Target(configured.type(), configured.url(), configured.bucket(), configured.accessKey(),
                configured.secretKey(), configured.region());
    }

    /** Written aside, then moved into place, so a reader never sees half an object. */
    private void local(String key, List<byte[]> records) throws IOException {
        Path object = Path.of(config.firehoseRoot(), key);
        Files.createDirectories(object.getParent());
        Path partial = object.resolveSibling("." + object.getFileName() + ".partial");
        Files.write(partial, concat(records));
        Files.move(partial, object, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Firehose's HTTP endpoint delivery request: {@code {"requestId", "timestamp", "records": [{"data": base64}]}}. */
    private void httpEndpoint(Target target, List<byte[]> records, Instant at) throws IOException {
        String requestId = UUID.randomUUID().toString();
        List<String> data = new ArrayList<>();
        records.forEach(r -> data.add("{\"data\":\"" + Base64.getEncoder().encodeToString(r) + "\"}"));
        String body = "{\"requestId\":\"" + requestId + "\",\"timestamp\":" + at.toEpochMilli() + ",\"records\":[" + String.join(",", data) + "]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Amz-Firehose-Request-Id", requestId)
                .header("X-Amz-Firehose-Protocol-Version", "1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        target.accessKey().ifPresent(k -> request.header("X-Amz-Firehose-Access-Key", k));
        send(request.build(), "the HTTP endpoint " + target.url());
    }

    /** A PUT of the object to the S3-compatible store, signed with AWS Signature Version 4. */
    private void s3(Target target, String key, List<byte[]> records, Instant at) throws IOException {
        new S3Store(URI.create(target.url()), target.region(), target.accessKey().orElse(null), target.secretKey().orElse(null))
                .put(target.bucket().orElseThrow(() -> new IOException("an s3 target needs a bucket")), key, concat(records), at);
    }

    private void send(HttpRequest request, String what) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + what, e);
        }
    }

    private static byte[] concat(List<byte[]> records) {
        int size = records.stream().mapToInt(r -> r.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] record : records) {
            System.arraycopy(record, 0, all, at, record.length);
            at += record.length;
        }
        return all;
    }
}

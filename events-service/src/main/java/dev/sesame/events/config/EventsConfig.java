package dev.sesame.events.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The events service's configuration: the event log, and how Firehose-style streams are buffered and stored. */
@ConfigMapping(prefix = "sesame.events")
public interface EventsConfig {

    @WithName("kafka.bootstrap-servers")
    String bootstrapServers();

    @WithDefault("3")
    int partitions();

    @WithDefault("PT15S")
    Duration commandTimeout();

    /** Root of the local object store Firehose-style streams write to. */
    @WithDefault("var/firehose")
    String firehoseRoot();

    /**
     * Where a delivery stream's objects go, by stream name; a stream not named here writes to the local object
     * store under {@link #firehoseRoot()}.
     */
    Map<String, FirehoseTarget> firehoseTargets();

    /** A delivery stream's destination: an HTTP endpoint (Firehose's HTTP endpoint delivery) or an S3-compatible store. */
    interface FirehoseTarget {

        /** {@code http} or {@code s3}. */
        String type();

        /** The HTTP endpoint, or the S3 endpoint (e.g. {@code http://127.0.0.1:9000}). */
        String url();

        /** S3 only: the bucket. */
        Optional<String> bucket();

        /** The access key sent with each request (HTTP: X-Amz-Firehose-Access-Key; S3: SigV4 key id). */
        Optional<String> accessKey();

        /** S3 only: the secret key that signs each PUT. */
        Optional<String> secretKey();

        @WithDefault("us-east-1")
        String region();
    }

    /** Base64 of 32 bytes: seals the secrets of registered delivery streams in the event log (AES-256-GCM). */
    String masterKey();

    /** Keystore of the key that signs SNS-style messages (made on first start). */
    @WithDefault("var/sns-signing.p12")
    String signingKeystore();

    /** The base URL subscribers reach this service at: SigningCertURL and UnsubscribeURL point there. */
    @WithDefault("http://127.0.0.1:18105")
    String publicUrl();

    /**
     * Where the notifiers start the first time they run: {@code latest} (only what happens from then on) or
     * {@code earliest} (everything in the topics).
     */
    @WithDefault("latest")
    String notificationsStartAt();

    /** How long a notification is retried to an endpoint that does not take it. */
    @WithDefault("PT1H")
    Duration notificationRetryFor();

    /** Buffering hints: a stream's buffer is written when it reaches this size… */
    @WithDefault("1048576")
    int firehoseBufferBytes();

    /** …or when its oldest record is this old. */
    @WithDefault("PT60S")
    Duration firehoseBufferInterval();
}

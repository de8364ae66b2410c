package dev.sesame.events.notifications;

import dev.sesame.events.config.EventsConfig;
import dev.sesame.eventlog.EventCodec;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import dev.sesame.service.api.InternalAccess;
import org.jboss.logging.Logger;

/**
 * Publishes to an SNS-style topic: every subscription gets the SNS envelope (Type, MessageId, TopicArn,
 * Message, Timestamp, SignatureVersion 1 and its Signature, SigningCertURL, UnsubscribeURL), over HTTP(S) with
 * SNS's headers, or onto a Kafka topic. An endpoint that does not answer 2xx is retried with doubling backoff.
 */
@Singleton
public class SnsPublisher {

    private static final Logger LOG = Logger.getLogger(SnsPublisher.class);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Subscriptions subscriptions;
    private final SigningKeys keys;
    private final EventsConfig config;
    // Plain HTTP/1.1, as Firehose and SNS deliver: no h2c upgrade offers to simple receivers.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final KafkaProducer<String, String> kafka;
    private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sns-retries");
        t.setDaemon(true);
        return t;
    });

    private final InternalAccess access;

    public SnsPublisher(Subscriptions subscriptions, SigningKeys keys, EventsConfig config, InternalAccess access) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.config = config;
        this.access = access;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.kafka = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public void publish(String topicArn, String message) {
        publish(topicArn, message, null);
    }

    /** @param subject the envelope's Subject, or null for none (identity notifications have none) */
    public void publish(String topicArn, String message, String subject) {
        for (Subscriptions.Subscription subscription : subscriptions.of(topicArn)) {
            Map<String, String> envelope = envelope(subscription, message, subject);
            deliver(subscription, envelope, Instant.now(), 0);
        }
    }

    /** The SNS envelope, signed as SNS signs (SignatureVersion 1). */
    Map<String, String> envelope(Subscriptions.Subscription subscription, String message, String subject) {
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", subscription.topicArn());
        if (subject != null) {
            envelope.put("Subject", subject);
        }
        envelope.put("Message", message);
        envelope.put("Timestamp", MILLIS.format(Instant.now()));
        envelope.put("SignatureVersion", "1");
        String toSign = "Message\n" + message + "\nMessageId\n" + envelope.get("MessageId")
                + (subject == null ? "" : "\nSubject\n" + subject) + "\nTimestamp\n" + envelope.get("Timestamp")
                + "\nTopicArn\n" + subscription.topicArn() + "\nType\nNotification\n";
        envelope.put("Signature", keys.sign(toSign));
        envelope.put("SigningCertURL", config.publicUrl() + "/sns/" + keys.fileName());
        // Like SNS's own, the link carries a token of its subscription: without it, nobody unsubscribes anybody.
        envelope.put("UnsubscribeURL", config.publicUrl() + "/sns/unsubscribe?SubscriptionArn="
                + URLEncoder.encode(subscription.subscriptionArn(), StandardCharsets.UTF_8)
                + "&Token=" + access.seal(SnsResource.UNSUBSCRIBE, subscription.subscriptionArn()));
        return envelope;
    }

    private void deliver(Subscriptions.Subscription subscription, Map<String, String> envelope, Instant first, int attempt) {
        boolean delivered;
        String body = EventCodec.JSON.valueToTree(envelope).toString();
        try {
            if (subscription.protocol().equals("kafka")) {
                kafka.send(new ProducerRecord<>(subscription.endpoint(), subscription.topicArn(), body)).get(10, TimeUnit.SECONDS);
                delivered = true;
            } else {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(subscription.endpoint()))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "text/plain; charset=UTF-8")
                        .header("User-Agent", "Amazon Simple Notification Service Agent")
                        .header("x-amz-sns-message-type", "Notification")
                        .header("x-amz-sns-message-id", envelope.get("MessageId"))
                        .header("x-amz-sns-topic-arn", subscription.topicArn())
                        .header("x-amz-sns-subscription-arn", subscription.subscriptionArn())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                delivered = response.statusCode() / 100 == 2;
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            delivered = false;
        }
        if (!delivered) {
            Duration wait = Duration.ofSeconds(1L << Math.min(attempt, 10));
            if (Instant.now().plus(wait).isBefore(first.plus(config.notificationRetryFor()))) {
                retries.schedule(() -> deliver(subscription, envelope, first, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                LOG.warnf("gave up notifying %s of topic %s after %d attempts", subscription.subscriptionArn(), subscription.topicArn(), attempt + 1);
            }
        }
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
        kafka.close();
    }
}

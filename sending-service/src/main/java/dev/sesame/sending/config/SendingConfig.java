package dev.sesame.sending.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The sending service's configuration: the event log, delivery, retries and the platform's domains. */
@ConfigMapping(prefix = "sesame.sending")
public interface SendingConfig {

    @WithName("kafka.bootstrap-servers")
    String bootstrapServers();

    /** Unique per running instance: the id of its Kafka producer transactions. */
    @WithDefault("sending-service-1")
    String instanceId();

    @WithDefault("3")
    int partitions();

    @WithDefault("PT15S")
    Duration commandTimeout();

    /** Base64 of 32 bytes: opens the DKIM private keys the identity service sealed. */
    String dkimKeyEncryptionKey();

    /** Smarthost {@code host:port} all mail goes through; direct delivery to the recipients' MX when absent. */
    Optional<String> relay();

    /** The port of the recipients' mail servers in direct delivery (25; other values only for tests). */
    @WithDefault("25")
    int mxPort();

    /** DNS resolver ({@code host[:port]}) for MX lookups in direct delivery; the system's when absent. */
    Optional<String> resolver();

    /** The name this platform gives itself in EHLO and in {@code reportingMTA}. */
    @WithDefault("smtp-out.sesame.test")
    String hostname();

    /** Domain of the default envelope sender ({@code <message id>@<domain>}) when no custom MAIL FROM applies. */
    @WithDefault("amazonses.sesame.test")
    String defaultMailFromDomain();

    /** Domain of the Message-ID SES writes ({@code <message id>@<domain>}). */
    @WithDefault("email.sesame.test")
    String messageIdDomain();

    /**
     * Messages read but not through their first delivery attempt, at which reading pauses (memory holds at most
     * this many plus one poll's batch).
     */
    @WithDefault("2000")
    int maxQueued();

    /** Parallel deliveries. */
    @WithDefault("8")
    int deliveryThreads();

    /** First wait after a temporary failure; it doubles on each attempt. */
    @WithDefault("PT1M")
    Duration retryBackoff();

    /** How long temporary failures are retried before they become a transient Bounce. */
    @WithDefault("PT12H")
    Duration retryFor();

    /** SMTP connect and read timeout. */
    @WithDefault("PT30S")
    Duration smtpTimeout();

    /** Where tracked links and open pixels point ({@code <url>/t/c/…}, {@code <url>/t/o/…}): the gateway's public URL. */
    @WithDefault("http://127.0.0.1:18100")
    String trackingUrl();
}

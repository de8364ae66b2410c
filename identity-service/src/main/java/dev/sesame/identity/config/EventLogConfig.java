package dev.sesame.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Where the event log lives and how the identity topic is laid out. */
@ConfigMapping(prefix = "sesame.identity")
public interface EventLogConfig {

    /** Kafka bootstrap servers. */
    @WithName("kafka.bootstrap-servers")
    String bootstrapServers();

    /** Partitions of {@code sesame.identity.events} when this service creates it. */
    @WithDefault("3")
    int partitions();

    /** How long a command waits for its event to be durable and projected before it fails. */
    @WithDefault("PT15S")
    java.time.Duration commandTimeout();
}

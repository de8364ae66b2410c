package dev.sesame.configsets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

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

    /** Buffering hints: a stream's buffer is written when it reaches this size… */
    @WithDefault("1048576")
    int firehoseBufferBytes();

    /** …or when its oldest record is this old. */
    @WithDefault("PT60S")
    Duration firehoseBufferInterval();
}

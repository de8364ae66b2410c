package dev.sesame.configsets.service;

import dev.sesame.configsets.config.EventsConfig;
import dev.sesame.configsets.metrics.SendingMetrics;
import dev.sesame.configsets.model.ConfigurationSetEvents;
import dev.sesame.configsets.model.ConfigurationSets;
import dev.sesame.events.log.EventLog;
import dev.sesame.events.log.ProjectionRunner;
import dev.sesame.service.api.CommandLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The events service's Kafka wiring: its event log, the configuration-set projection and the metrics projection. */
@Singleton
public class EventsStreams {

    /** The sending stream this service projects into destinations. */
    public static final String SENDING_EVENTS = "sesame.sending.events";

    private final EventLog log;
    private final ProjectionRunner runner;
    private final ProjectionRunner metricsRunner;
    private final CommandLog commands;

    public EventsStreams(EventsConfig config, ConfigurationSets sets, SendingMetrics metrics) {
        this.log = new EventLog(config.bootstrapServers(), "events-service");
        log.ensureTopics(List.of(ConfigurationSetEvents.TOPIC, SENDING_EVENTS), config.partitions());
        this.runner = new ProjectionRunner("configuration-sets", sets, config.bootstrapServers());
        this.metricsRunner = new ProjectionRunner("sending-metrics", metrics, config.bootstrapServers());
        this.commands = new CommandLog(log, runner, config.commandTimeout());
    }

    void start(@Observes StartupEvent event) {
        runner.start();
        metricsRunner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        metricsRunner.close();
        runner.close();
        log.close();
    }

    @Produces
    @Singleton
    CommandLog commandLog() {
        return commands;
    }
}

package dev.sesame.identity.projection;

import dev.sesame.events.log.EventLog;
import dev.sesame.events.log.ProjectionRunner;
import dev.sesame.identity.config.EventLogConfig;
import dev.sesame.identity.service.IdentityEvents;
import dev.sesame.service.api.CommandLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Wires the event log, the identity projection's runner and the command log, and starts them with the service. */
@Singleton
public class IdentityProjection {

    private final EventLog log;
    private final ProjectionRunner runner;

    public IdentityProjection(EventLogConfig config, IdentityView view) {
        this.log = new EventLog(config.bootstrapServers(), "identity-service");
        this.log.ensureTopics(List.of(IdentityEvents.TOPIC), config.partitions());
        this.runner = new ProjectionRunner(IdentityView.NAME, view, config.bootstrapServers());
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.close();
        log.close();
    }

    @Produces
    @Singleton
    ProjectionRunner runner() {
        return runner;
    }

    @Produces
    @Singleton
    CommandLog commandLog(EventLogConfig config) {
        return new CommandLog(log, runner, config.commandTimeout());
    }
}

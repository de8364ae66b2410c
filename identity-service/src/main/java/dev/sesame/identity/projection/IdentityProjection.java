package dev.sesame.identity.projection;

import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.identity.config.EventLogConfig;
import dev.sesame.identity.service.IdentityEvents;
import dev.sesame.service.api.CommandLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import dev.sesame.identity.service.VerificationTemplates;
import jakarta.inject.Singleton;
import java.util.List;

/** Wires the event log, the identity projection's runner and the command log, and starts them with the service. */
@Singleton
public class IdentityProjection {

    private final EventLog log;
    private final ProjectionRunner runner;
    private final ProjectionRunner templates;
    private final CommandLog templateCommands;

    public IdentityProjection(EventLogConfig config, IdentityView view, VerificationTemplates templateView) {
        this.log = new EventLog(config.bootstrapServers(), "identity-service");
        this.log.ensureTopics(List.of(Topics.IDENTITY, Topics.VERIFICATION_TEMPLATES), config.partitions());
        this.runner = new ProjectionRunner(IdentityView.NAME, view, config.bootstrapServers());
        this.templates = new ProjectionRunner("identity-verification-templates", templateView, config.bootstrapServers());
        this.templateCommands = new CommandLog(log, templates, config.commandTimeout());
    }

    void start(@Observes StartupEvent event) {
        runner.start();
        templates.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.close();
        templates.close();
        log.close();
    }

    /** Custom verification email templates commit through their own projection (not a bean: the default CommandLog is the identities'). */
    public CommandLog templateCommands() {
        return templateCommands;
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

package dev.sesame.identity.config;

import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.identity.projection.IdentityView;
import dev.sesame.identity.service.VerificationTemplates;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.EventStreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Produces;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import java.util.List;

/** The identity service's event streams: its log, the identity projection (PostgreSQL) and the verification templates (memory). */
@Singleton
public class EventWiring {

    private final EventStreams streams;
    private final ProjectionRunner identities;
    private final ProjectionRunner templates;

    public EventWiring(EventLogConfig config, IdentityView view, VerificationTemplates templateView) {
        EventLog log = new EventLog(config.bootstrapServers(), "identity-service");
        log.ensureTopics(List.of(Topics.IDENTITY, Topics.VERIFICATION_TEMPLATES), config.partitions());
        this.streams = new EventStreams(log, config.bootstrapServers(), config.commandTimeout());
        this.identities = streams.projection(IdentityView.NAME, view);
        this.templates = streams.projection("identity-verification-templates", templateView);
    }

    void start(@Observes StartupEvent event) {
        streams.start();
    }

    void stop(@Observes ShutdownEvent event) {
        streams.close();
    }

    /** The service's streams (their readiness: {@code ReadModelsReadiness}). */
    @Produces
    @Singleton
    EventStreams eventStreams() {
        return streams;
    }

    @Produces
    @Singleton
    ProjectionRunner identityRunner() {
        return identities;
    }

    /** Identity commands answer once the identity projection shows them. */
    @Produces
    @Singleton
    @Default
    CommandLog identityCommands() {
        return streams.commandsThrough(identities);
    }

    /** Custom verification email templates commit through their own projection. */
    @Produces
    @Singleton
    @Identifier("verification-templates")
    CommandLog templateCommands() {
        return streams.commandsThrough(templates);
    }
}

package dev.sesame.events.config;

import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.events.firehose.FirehoseWriter;
import dev.sesame.events.metrics.SendingMetrics;
import dev.sesame.events.model.ConfigurationSets;
import dev.sesame.events.notifications.NotificationSettings;
import dev.sesame.events.notifications.Notifier;
import dev.sesame.events.notifications.Subscriptions;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.EventStreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The events service's event streams: its log; the configuration sets, subscriptions and notification settings
 * (memory); the metrics projection, which counts by the configuration sets' destinations and so starts once they are
 * rebuilt; and the Firehose writer and the notifier, consumer groups judged by those read models.
 */
@Singleton
public class EventWiring {

    private final EventStreams streams;
    private final ProjectionRunner configurationSets;
    private final ProjectionRunner subscriptions;

    public EventWiring(EventsConfig config, ConfigurationSets sets, SendingMetrics metrics, Subscriptions subscriptionView,
                       NotificationSettings settings, FirehoseWriter firehose, Notifier notifier) {
        EventLog log = new EventLog(config.bootstrapServers(), "events-service");
        log.ensureTopics(List.of(Topics.CONFIGURATION_SETS, Topics.SENDING, Topics.NOTIFICATIONS, Topics.IDENTITY, Topics.RECEIPT),
                config.partitions());
        this.streams = new EventStreams(log, config.bootstrapServers(), config.commandTimeout());
        this.configurationSets = streams.projection("configuration-sets", sets);
        this.subscriptions = streams.projection("subscriptions", subscriptionView);
        ProjectionRunner notificationSettings = streams.projection("notification-settings", settings);
        streams.projectionAfter("sending-metrics", metrics, configurationSets);
        List<ProjectionRunner> readModels = List.of(configurationSets, subscriptions, notificationSettings);
        streams.worker(firehose, readModels);
        streams.worker(notifier, readModels);
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

    /** Configuration-set commands answer once the configuration-set projection shows them. */
    @Produces
    @Singleton
    @Default
    CommandLog commandLog() {
        return streams.commandsThrough(configurationSets);
    }

    /** Subscription changes answer once the subscriptions show them. */
    @Produces
    @Singleton
    @Identifier("notifications")
    CommandLog notificationCommandLog() {
        return streams.commandsThrough(subscriptions);
    }
}

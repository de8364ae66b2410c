package dev.sesame.events.service;

import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.events.config.EventsConfig;
import dev.sesame.events.metrics.SendingMetrics;
import dev.sesame.events.notifications.NotificationSettings;
import dev.sesame.events.notifications.Subscriptions;
import dev.sesame.events.model.ConfigurationSetEvents;
import dev.sesame.events.model.ConfigurationSets;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.service.api.CommandLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Produces;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import java.util.List;

/** The events service's Kafka wiring: its event log, the configuration-set projection and the metrics projection. */
@Singleton
public class EventsStreams {

    private final EventLog log;
    private final ProjectionRunner runner;
    private final ProjectionRunner metricsRunner;
    private final ProjectionRunner subscriptionsRunner;
    private final ProjectionRunner settingsRunner;
    private final CommandLog commands;
    private final CommandLog notificationCommands;

    public EventsStreams(EventsConfig config, ConfigurationSets sets, SendingMetrics metrics, Subscriptions subscriptions,
                         NotificationSettings settings) {
        this.log = new EventLog(config.bootstrapServers(), "events-service");
        log.ensureTopics(List.of(Topics.CONFIGURATION_SETS, Topics.SENDING, Topics.NOTIFICATIONS, Topics.IDENTITY,
                Topics.RECEIPT),
                config.partitions());
        this.runner = new ProjectionRunner("configuration-sets", sets, config.bootstrapServers());
        this.metricsRunner = new ProjectionRunner("sending-metrics", metrics, config.bootstrapServers());
        this.subscriptionsRunner = new ProjectionRunner("subscriptions", subscriptions, config.bootstrapServers());
        this.settingsRunner = new ProjectionRunner("notification-settings", settings, config.bootstrapServers());
        this.commands = new CommandLog(log, runner, config.commandTimeout());
        this.notificationCommands = new CommandLog(log, subscriptionsRunner, config.commandTimeout());
    }

    void start(@Observes StartupEvent event) {
        runner.start();
        subscriptionsRunner.start();
        settingsRunner.start();
        // The metrics count by the configuration sets' destinations: judged by a half-rebuilt model, they would miss.
        awaitCaughtUp(runner);
        metricsRunner.start();
    }

    /**
     * Blocks until the read models other events are judged by (configuration sets and their destinations,
     * subscriptions, notification settings) have read their topics to the end as of now. The Firehose writer and
     * the notifier wait for this before their first poll: a record judged by a model still being rebuilt would be
     * skipped, and its position committed.
     */
    public void awaitReadModels() {
        awaitCaughtUp(runner);
        awaitCaughtUp(subscriptionsRunner);
        awaitCaughtUp(settingsRunner);
    }

    private static void awaitCaughtUp(ProjectionRunner projection) {
        projection.awaitCaughtUpNow().orTimeout(5, java.util.concurrent.TimeUnit.MINUTES).join();
    }

    void stop(@Observes ShutdownEvent event) {
        settingsRunner.close();
        subscriptionsRunner.close();
        metricsRunner.close();
        runner.close();
        log.close();
    }

    @Produces
    @Singleton
    @Default
    CommandLog commandLog() {
        return commands;
    }

    @Produces
    @Singleton
    @Identifier("notifications")
    CommandLog notificationCommandLog() {
        return notificationCommands;
    }
}

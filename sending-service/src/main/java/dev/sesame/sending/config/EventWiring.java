package dev.sesame.sending.config;

import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.sending.delivery.DeliveryWorker;
import dev.sesame.sending.ledger.AccountSending;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.sending.ledger.SuppressionList;
import dev.sesame.sending.templates.Templates;
import dev.sesame.sending.tracking.TrackedMessages;
import dev.sesame.sending.views.KnownConfigurationSets;
import dev.sesame.sending.views.ReceivedMessages;
import dev.sesame.sending.views.SenderIdentities;
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
import java.util.Map;

/**
 * The sending service's event streams: the transactional event log, and the in-memory projections it reads
 * (identities, configuration sets and received mail from their services' topics; the ledger, the suppression list,
 * templates, the account switch and tracked messages from its own).
 */
@Singleton
public class EventWiring {

    private final EventStreams streams;
    private final SendingLedger ledgerView;
    private final ProjectionRunner ledger;
    private final ProjectionRunner suppression;
    private final ProjectionRunner templates;
    private final ProjectionRunner account;

    public EventWiring(SendingConfig config, SenderIdentities identityView, SendingLedger ledgerView,
                       KnownConfigurationSets configurationSetView, ReceivedMessages receivedView, SuppressionList suppressionView,
                       Templates templateView, AccountSending accountView, TrackedMessages trackedView) {
        EventLog log = new EventLog(config.bootstrapServers(), "sending-service", config.instanceId());
        log.ensureTopics(List.of(Topics.IDENTITY, Topics.SENDING, Topics.CONFIGURATION_SETS, Topics.RECEIPT, Topics.SUPPRESSION,
                Topics.TEMPLATES, Topics.ACCOUNT, Topics.TRACKING), config.partitions());
        log.ensureTopics(List.of(Topics.MESSAGES), config.partitions(), Map.of("max.message.bytes", String.valueOf(EventLog.MAX_RECORD_BYTES)));
        log.ensureTopics(List.of(Topics.WARM_UP), config.partitions(), Map.of("max.message.bytes", String.valueOf(EventLog.MAX_RECORD_BYTES),
                "retention.ms", String.valueOf(java.time.Duration.ofMinutes(10).toMillis())));
        this.streams = new EventStreams(log, config.bootstrapServers(), config.commandTimeout());
        this.ledgerView = ledgerView;
        streams.projection("sending-identities", identityView);
        this.ledger = streams.projection("sending-ledger", ledgerView);
        streams.projection("sending-configuration-sets", configurationSetView);
        streams.projection("sending-received-messages", receivedView);
        this.suppression = streams.projection("sending-suppression", suppressionView);
        this.templates = streams.projection("sending-templates", templateView);
        this.account = streams.projection("sending-account", accountView);
        streams.projection("sending-tracked-messages", trackedView);
    }

    void start(@Observes StartupEvent event) {
        // Outcomes of messages the delivery group has committed are not needed: not even while the ledger is rebuilt.
        ledgerView.raiseFloor(streams.log().committedOffsets(DeliveryWorker.GROUP, Topics.MESSAGES));
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
    EventLog eventLog() {
        return streams.log();
    }

    /** Sends commit in one transaction and read their own write back themselves (the ledger counts the send at once). */
    @Produces
    @Singleton
    @Default
    CommandLog sendCommands() {
        return streams.commandsThrough(ledger);
    }

    /** Puts and deletes of the suppression list commit through the list's own projection. */
    @Produces
    @Singleton
    @Identifier("suppression")
    CommandLog suppressionCommands() {
        return streams.commandsThrough(suppression);
    }

    /** Template changes commit through the templates' projection. */
    @Produces
    @Singleton
    @Identifier("templates")
    CommandLog templateCommands() {
        return streams.commandsThrough(templates);
    }

    /** UpdateAccountSendingEnabled commits through the account's projection. */
    @Produces
    @Singleton
    @Identifier("account")
    CommandLog accountCommands() {
        return streams.commandsThrough(account);
    }

    @Produces
    @Singleton
    @Identifier("suppression-list")
    ProjectionRunner suppressionRunner() {
        return suppression;
    }

    @Produces
    @Singleton
    @Identifier("ledger")
    ProjectionRunner ledgerRunner() {
        return ledger;
    }
}

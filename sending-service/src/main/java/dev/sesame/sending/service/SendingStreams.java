package dev.sesame.sending.service;

import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.sending.config.SendingConfig;
import dev.sesame.sending.views.KnownConfigurationSets;
import dev.sesame.sending.views.ReceivedMessages;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.sending.delivery.DeliveryWorker;
import dev.sesame.sending.ledger.AccountSending;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.sending.ledger.SuppressionList;
import dev.sesame.sending.templates.Templates;
import dev.sesame.sending.tracking.TrackedMessages;
import dev.sesame.service.api.CommandLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sending service's Kafka wiring: the transactional event log, and the in-memory projections it reads
 * (identities and configuration sets from their services' topics, the ledger and the suppression list from its own).
 */
@Singleton
public class SendingStreams {

    private final EventLog log;
    private final ProjectionRunner identities;
    private final ProjectionRunner ledger;
    private final ProjectionRunner configurationSets;
    private final ProjectionRunner receivedMessages;
    private final ProjectionRunner suppression;
    private final ProjectionRunner templates;
    private final ProjectionRunner account;
    private final ProjectionRunner tracked;
    private final SendingLedger ledgerView;
    private final Duration commandTimeout;

    public SendingStreams(SendingConfig config, SenderIdentities identityView, SendingLedger ledgerView,
                          KnownConfigurationSets configurationSetView, ReceivedMessages receivedView, SuppressionList suppressionView,
                          Templates templateView, AccountSending accountView, TrackedMessages trackedView) {
        this.log = new EventLog(config.bootstrapServers(), "sending-service", config.instanceId());
        log.ensureTopics(List.of(Topics.IDENTITY, Topics.SENDING, Topics.CONFIGURATION_SETS, Topics.RECEIPT,
                Topics.SUPPRESSION, Topics.TEMPLATES, Topics.ACCOUNT, Topics.TRACKING), config.partitions());
        log.ensureTopics(List.of(Topics.MESSAGES), config.partitions(), Map.of("max.message.bytes", String.valueOf(EventLog.MAX_RECORD_BYTES)));
        this.identities = new ProjectionRunner("sending-identities", identityView, config.bootstrapServers());
        this.ledgerView = ledgerView;
        this.ledger = new ProjectionRunner("sending-ledger", ledgerView, config.bootstrapServers());
        this.configurationSets = new ProjectionRunner("sending-configuration-sets", configurationSetView, config.bootstrapServers());
        this.receivedMessages = new ProjectionRunner("sending-received-messages", receivedView, config.bootstrapServers());
        this.suppression = new ProjectionRunner("sending-suppression", suppressionView, config.bootstrapServers());
        this.templates = new ProjectionRunner("sending-templates", templateView, config.bootstrapServers());
        this.account = new ProjectionRunner("sending-account", accountView, config.bootstrapServers());
        this.tracked = new ProjectionRunner("sending-tracked-messages", trackedView, config.bootstrapServers());
        this.commandTimeout = config.commandTimeout();
    }

    void start(@Observes StartupEvent event) {
        identities.start();
        // Outcomes of messages the delivery group has committed are not needed: not even while the ledger is rebuilt.
        ledgerView.raiseFloor(log.committedOffsets(DeliveryWorker.GROUP, Topics.MESSAGES));
        ledger.start();
        configurationSets.start();
        receivedMessages.start();
        suppression.start();
        templates.start();
        account.start();
        tracked.start();
    }

    void stop(@Observes ShutdownEvent event) {
        identities.close();
        ledger.close();
        configurationSets.close();
        receivedMessages.close();
        suppression.close();
        templates.close();
        account.close();
        tracked.close();
        log.close();
    }

    @Produces
    @Singleton
    EventLog eventLog() {
        return log;
    }

    /** Puts and deletes of the suppression list commit through the list's own projection. */
    @Produces
    @Singleton
    @Named("suppression")
    CommandLog suppressionCommands() {
        return new CommandLog(log, suppression, commandTimeout);
    }

    /** Template changes commit through the templates' projection. */
    @Produces
    @Singleton
    @Named("templates")
    CommandLog templateCommands() {
        return new CommandLog(log, templates, commandTimeout);
    }

    /** UpdateAccountSendingEnabled commits through the account's projection. */
    @Produces
    @Singleton
    @Named("account")
    CommandLog accountCommands() {
        return new CommandLog(log, account, commandTimeout);
    }

    @Produces
    @Singleton
    @Named("suppression-list")
    ProjectionRunner suppressionRunner() {
        return suppression;
    }

    @Produces
    @Singleton
    @Named("ledger")
    ProjectionRunner ledgerRunner() {
        return ledger;
    }
}

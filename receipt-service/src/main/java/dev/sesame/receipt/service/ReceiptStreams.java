package dev.sesame.receipt.service;

import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.receipt.model.VerifiedRecipients;
import dev.sesame.service.api.CommandLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The receipt service's Kafka wiring: its event log, the receipt-rule projection and the verified recipients. */
@Singleton
public class ReceiptStreams {

    private final EventLog log;
    private final ProjectionRunner runner;
    private final ProjectionRunner recipientsRunner;
    private final CommandLog commands;

    public ReceiptStreams(@ConfigProperty(name = "sesame.receipt.kafka.bootstrap-servers") String bootstrapServers,
                          @ConfigProperty(name = "sesame.receipt.partitions", defaultValue = "3") int partitions,
                          ReceiptRules rules, VerifiedRecipients recipients) {
        this.log = new EventLog(bootstrapServers, "receipt-service");
        log.ensureTopics(List.of(Topics.RECEIPT, Topics.IDENTITY), partitions);
        this.runner = new ProjectionRunner("receipt-rules", rules, bootstrapServers);
        this.recipientsRunner = new ProjectionRunner("receipt-recipients", recipients, bootstrapServers);
        this.commands = new CommandLog(log, runner, Duration.ofSeconds(15));
    }

    void start(@Observes StartupEvent event) {
        runner.start();
        recipientsRunner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        recipientsRunner.close();
        runner.close();
        log.close();
    }

    @Produces
    @Singleton
    CommandLog commandLog() {
        return commands;
    }
}

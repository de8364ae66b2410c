package dev.sesame.receipt.config;

import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.receipt.model.VerifiedRecipients;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.EventStreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The receipt service's event streams: its log, the receipt-rule projection and the verified recipients (both in memory). */
@Singleton
public class EventWiring {

    private final EventStreams streams;
    private final ProjectionRunner rules;

    public EventWiring(@ConfigProperty(name = "sesame.receipt.kafka.bootstrap-servers") String bootstrapServers,
                       @ConfigProperty(name = "sesame.receipt.partitions", defaultValue = "3") int partitions,
                       ReceiptRules ruleView, VerifiedRecipients recipients) {
        EventLog log = new EventLog(bootstrapServers, "receipt-service");
        log.ensureTopics(List.of(Topics.RECEIPT, Topics.IDENTITY), partitions);
        this.streams = new EventStreams(log, bootstrapServers, Duration.ofSeconds(15));
        this.rules = streams.projection("receipt-rules", ruleView);
        streams.projection("receipt-recipients", recipients);
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

    /** Receipt commands answer once the rule projection shows them. */
    @Produces
    @Singleton
    CommandLog commandLog() {
        return streams.commandsThrough(rules);
    }
}

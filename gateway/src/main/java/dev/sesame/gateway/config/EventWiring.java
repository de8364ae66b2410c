package dev.sesame.gateway.config;

import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.gateway.tenant.TenancyLog;
import dev.sesame.gateway.tenant.TenancyView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The gateway's event streams: its log and the tenancy projection (PostgreSQL: the tenant and access-key tables).
 * They start before anything else does at start-up (the bootstrap tenant is created through them), and the
 * gateway serves once the tables have caught up with the topic.
 */
@Singleton
public class EventWiring {

    private static final Logger LOG = Logger.getLogger(EventWiring.class);

    private final GatewayConfig.Tenancy config;
    private final EventLog log;
    private final ProjectionRunner tenancy;

    public EventWiring(GatewayConfig config, TenancyView view) {
        this.config = config.tenancy();
        this.log = new EventLog(this.config.bootstrapServers(), "gateway");
        this.tenancy = new ProjectionRunner("gateway-tenancy", view, this.config.bootstrapServers());
    }

    void start(@Observes @Priority(1) StartupEvent event) throws Exception {
        log.ensureTopics(List.of(Topics.TENANCY), config.partitions());
        tenancy.start();
        try {
            tenancy.awaitCaughtUpNow().get(config.commandTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the tenant tables have not caught up with sesame.tenancy.events yet; they go on catching up while the gateway serves");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        tenancy.close();
        log.close();
    }

    /** The tenancy projection's runner (a rebuild replays the topic into emptied tables). */
    @Produces
    @Singleton
    ProjectionRunner tenancyRunner() {
        return tenancy;
    }

    @Produces
    @Singleton
    TenancyLog tenancyLog() {
        return new TenancyLog(log, tenancy, config.commandTimeout());
    }
}

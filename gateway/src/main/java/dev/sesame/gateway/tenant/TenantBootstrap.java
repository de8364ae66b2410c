package dev.sesame.gateway.tenant;

import dev.sesame.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start-up (after the tenancy projection has caught up): records tables an older Sesame wrote without events, and
 * creates the configured bootstrap tenant if it does not exist yet, so a fresh system is usable at once.
 */
@ApplicationScoped
public class TenantBootstrap {

    private static final Logger LOG = Logger.getLogger(TenantBootstrap.class);

    void onStart(@Observes StartupEvent event, GatewayConfig config, TenantDirectory directory) throws Throwable {
        int recorded = VertxContextSupport.subscribeAndAwait(directory::recordTablesWrittenBeforeEvents);
        if (recorded > 0) {
            LOG.infof("recorded %d tenants of tables written before tenants were events on sesame.tenancy.events", recorded);
        }
        if (config.bootstrap().isEmpty()) {
            return;
        }
        GatewayConfig.BootstrapTenant bootstrap = config.bootstrap().get();
        VertxContextSupport.subscribeAndAwait(() -> directory.find(bootstrap.accountId()).chain(existing -> {
            if (existing != null) {
                return io.smallrye.mutiny.Uni.createFrom().voidItem();
            }
            return directory.create(bootstrap.name(), bootstrap.region(), false, bootstrap.accountId(),
                    bootstrap.accessKeyId(), bootstrap.secretAccessKey())
                    .invoke(created -> LOG.infof("created bootstrap tenant %s with access key %s", created.accountId(), created.accessKeyId()))
                    .replaceWithVoid();
        }));
    }
}

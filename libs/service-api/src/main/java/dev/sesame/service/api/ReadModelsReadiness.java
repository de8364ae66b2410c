package dev.sesame.service.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * A service is ready ({@code /q/health/ready}, what the launcher and Kubernetes wait for) once its read models have
 * caught up with the history in their topics: on a stack with a million messages behind it, a send judged before
 * the suppression list or the quota ledger is rebuilt would be judged wrongly, and the replay would compete with the
 * first requests for the CPU.
 */
@Readiness
@ApplicationScoped
public class ReadModelsReadiness implements HealthCheck {

    private final Instance<EventStreams> streams;

    public ReadModelsReadiness(Instance<EventStreams> streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = streams.isUnsatisfied() || streams.get().caughtUp();
        return HealthCheckResponse.named("read models caught up with their topics").status(ready).build();
    }
}

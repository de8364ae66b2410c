package dev.sesame.gateway.health;

import dev.sesame.gateway.service.WarmUpLoad;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The gateway is ready once its warm-up is over ({@link WarmUpLoad}): the launcher and Kubernetes wait for it. */
@Readiness
@Singleton
public class WarmUpReadiness implements HealthCheck {

    private final WarmUpLoad warmUp;

    public WarmUpReadiness(WarmUpLoad warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(warmUp.done()).withData("accepted", warmUp.accepted()).build();
    }
}

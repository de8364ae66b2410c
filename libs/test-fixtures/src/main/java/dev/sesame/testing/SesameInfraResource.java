package dev.sesame.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a real Kafka broker and a real PostgreSQL database for the service under test.
 *
 * <p>The database is named by the {@code database} init argument, default {@code sesame_test}.
 */
public class SesameInfraResource implements QuarkusTestResourceLifecycleManager {

    private String database = "sesame_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = PostgresServer.shared();
        String db = postgres.createDatabase(database + "_" + Long.toHexString(System.nanoTime()));
        return Map.of(
                "kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(db),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // Broker and cluster are shared by the JVM and stop with it.
    }
}

package dev.sesame.service.api;

import dev.sesame.eventlog.EventLog;
import dev.sesame.eventlog.GroupWorker;
import dev.sesame.eventlog.Projection;
import dev.sesame.eventlog.ProjectionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A service's event streams, wired one way in every service (each service's {@code config/EventWiring} builds one):
 * its event log, the projections it keeps, started in the order they were added and closed in reverse, and the
 * command logs its handlers commit through.
 */
public final class EventStreams implements AutoCloseable {

    private static final long CATCH_UP_MINUTES = 5;

    private record Step(ProjectionRunner runner, ProjectionRunner after) {
    }

    private final EventLog log;
    private final String bootstrapServers;
    private final Duration commandTimeout;
    private final List<Step> steps = new ArrayList<>();
    private final List<GroupWorker> workers = new ArrayList<>();
    private volatile CompletableFuture<Void> caughtUp;

    public EventStreams(EventLog log, String bootstrapServers, Duration commandTimeout) {
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.commandTimeout = commandTimeout;
    }

    public EventLog log() {
        return log;
    }

    /** A projection this service keeps, under its consumer name. */
    public ProjectionRunner projection(String name, Projection projection) {
        return add(name, projection, null);
    }

    /**
     * A projection judged by another's state (metrics counted by configuration sets' destinations): it starts once
     * that one has read its topics to the end as of the start, so it never judges by a half-rebuilt model.
     */
    public ProjectionRunner projectionAfter(String name, Projection projection, ProjectionRunner prerequisite) {
        return add(name, projection, prerequisite);
    }

    private ProjectionRunner add(String name, Projection projection, ProjectionRunner after) {
        ProjectionRunner runner = new ProjectionRunner(name, projection, bootstrapServers);
        steps.add(new Step(runner, after));
        return runner;
    }

    /**
     * A consumer group's worker, started after the projections and stopped before them; its first poll waits until
     * {@code readModels} (what its records are judged by) have read their topics to the end, since a record judged by
     * a model still being rebuilt would be skipped and its position committed.
     */
    public void worker(GroupConsumer consumer, List<ProjectionRunner> readModels) {
        workers.add(new GroupWorker(consumer.name(), bootstrapServers, consumer.group(), consumer.startAt(), consumer.topics(),
                consumer::wants, consumer.batched(), () -> readModels.forEach(EventStreams::awaitCaughtUp), consumer));
    }

    /** Commands that answer once {@code projection} shows their event. */
    public CommandLog commandsThrough(ProjectionRunner projection) {
        return new CommandLog(log, projection, commandTimeout);
    }

    /** Blocks until a projection has read its topics to the end as of now (a worker's first poll waits for its models). */
    public static void awaitCaughtUp(ProjectionRunner projection) {
        projection.awaitCaughtUpNow().orTimeout(CATCH_UP_MINUTES, TimeUnit.MINUTES).join();
    }

    public void start() {
        for (Step step : steps) {
            if (step.after() != null) {
                awaitCaughtUp(step.after());
            }
            step.runner().start();
        }
        workers.forEach(GroupWorker::start);
        caughtUp = caughtUpNow();
    }

    /**
     * Whether every projection has read its topics to the end they had when the service started: until then the
     * service is not ready ({@code /q/health/ready}), since its answers would be judged by read models still being
     * rebuilt from a topic's history. A probe the broker did not answer is asked again.
     */
    public boolean caughtUp() {
        CompletableFuture<Void> current = caughtUp;
        if (current == null) {
            return false;
        }
        if (current.isCompletedExceptionally()) {
            caughtUp = current = caughtUpNow();
        }
        return current.isDone() && !current.isCompletedExceptionally();
    }

    private CompletableFuture<Void> caughtUpNow() {
        return CompletableFuture.allOf(steps.stream().map(step -> step.runner().awaitCaughtUpNow()).toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        workers.forEach(GroupWorker::close);
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).runner().close();
        }
        log.close();
    }
}

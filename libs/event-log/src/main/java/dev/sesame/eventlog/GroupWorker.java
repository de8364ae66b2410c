package dev.sesame.eventlog;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A member of a consumer group on a thread of its own: polls its topics and hands each batch to its step, which
 * commits through the consumer when its work is safe. A failing step is logged and the worker goes on; what was
 * not committed is read again after a restart.
 */
public final class GroupWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupWorker.class);

    /** What the worker does with one poll's records. */
    @FunctionalInterface
    public interface Step {
        void run(ConsumerRecords<String, EventEnvelope> records, KafkaConsumer<String, EventEnvelope> consumer) throws Exception;
    }

    private final String name;
    private final List<String> topics;
    private final Runnable prepare;
    private final Step step;
    private final KafkaConsumer<String, EventEnvelope> consumer;
    private volatile boolean running;
    private Rebalance rebalance = new Rebalance() { };

    /**
     * What the worker does when the group moves partitions, on its thread, inside the poll: before it gives
     * partitions up (it still owns them: what it finished can be committed) and once it has taken some.
     */
    public interface Rebalance {
        default void revoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions,
                             KafkaConsumer<String, EventEnvelope> consumer) {
        }

        default void assigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions,
                              KafkaConsumer<String, EventEnvelope> consumer) {
        }
    }

    /** Before {@link #start()}: told of every rebalance. */
    public GroupWorker onRebalance(Rebalance listener) {
        this.rebalance = listener;
        return this;
    }

    /**
     * @param startAt where a group without a committed position starts: {@code earliest} or {@code latest}
     * @param prepare runs on the worker's thread before it subscribes (e.g. waiting for a projection to catch up)
     */
    public GroupWorker(String name, String bootstrapServers, String group, String startAt, List<String> topics, Runnable prepare, Step step) {
        this(name, bootstrapServers, group, startAt, topics, null, false, prepare, step);
    }

    /**
     * A worker whose step sees only the events {@code wanted} accepts by their envelope (without payload) as
     * records with a value; the others arrive without value, undecoded, and count for the positions it commits.
     * A {@code batched} worker reads in {@linkplain EventConsumers#batched fuller, fewer fetches}.
     */
    public GroupWorker(String name, String bootstrapServers, String group, String startAt, List<String> topics,
                       Predicate<EventEnvelope> wanted, boolean batched, Runnable prepare, Step step) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.prepare = prepare;
        this.step = step;
        this.consumer = EventConsumers.group(bootstrapServers, group, startAt, wanted, batched);
    }

    public void start() {
        running = true;
        Thread thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        prepare.run();
        consumer.subscribe(topics, new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                rebalance.revoked(partitions, consumer);
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                rebalance.assigned(partitions, consumer);
            }
        });
        while (running) {
            try {
                step.run(consumer.poll(Duration.ofMillis(200)), consumer);
            } catch (WakeupException e) {
                // closing
            } catch (Exception e) {
                LOG.errorf(e, "%s failed; it goes on, and what it did not commit is read again after a restart", name);
                pause();
            }
        }
        consumer.close();
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}

package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * Scale-out on one machine: the stack runs two sending instances ({@code ./sesame up --replicas sending=2}); they
 * share the delivery work through the Kafka consumer group, and every message is delivered once.
 */
class ScaleOutIT {

    private static final String GROUP = "sesame-sending-delivery";
    private static final String MESSAGES = "sesame.sending.messages";

    @Test
    void twoSendingInstancesSplitTheDeliveriesAndDeliverEachMessageOnce() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "scale.e2e.example");
        stack.sesame("identity", "verify", "scale.e2e.example");
        int count = 30;
        List<String> messageIds = new ArrayList<>();
        try (SesClient ses = stack.ses()) {
            SesameStack.eventually("the sending service knows the domain", () -> {
                try {
                    ses.sendEmail(r -> r.source("news@scale.e2e.example").destination(d -> d.toAddresses("warmup@scale.e2e.example"))
                            .message(m -> m.subject(s -> s.data("warm-up")).body(b -> b.text(t -> t.data("."))))).messageId();
                    return true;
                } catch (software.amazon.awssdk.services.ses.model.SesException e) {
                    return false;
                }
            });
            for (int i = 0; i < count; i++) {
                int n = i;
                messageIds.add(ses.sendEmail(r -> r.source("news@scale.e2e.example").destination(d -> d.toAddresses("reader-" + n + "@scale.e2e.example"))
                        .message(m -> m.subject(s -> s.data("scale-out " + n)).body(b -> b.text(t -> t.data("hello " + n))))).messageId());
            }
        }
        SesameStack.eventually("every message delivered", () -> {
            for (int i = 0; i < count; i++) {
                if (stack.mail.to("reader-" + i + "@scale.e2e.example").isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        Thread.sleep(3_000); // a duplicate would arrive by now
        for (int i = 0; i < count; i++) {
            assertEquals(1, stack.mail.to("reader-" + i + "@scale.e2e.example").size(), "message " + i + " was delivered once");
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + (stack.base + 11));
        try (Admin admin = Admin.create(props)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP);
            assertEquals(2, group.members().size(), "both sending instances are members of the delivery group: " + group);
            int partitions = admin.describeTopics(List.of(MESSAGES)).allTopicNames().get(30, TimeUnit.SECONDS).get(MESSAGES).partitions().size();
            Map<Integer, String> owner = new HashMap<>();
            for (MemberDescription member : group.members()) {
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    owner.put(partition.partition(), member.consumerId());
                }
            }
            // Where each message went: its record in the messages topic (keyed by message id).
            Map<String, Integer> partitionOf = new HashMap<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + (stack.base + 11),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    all.add(new TopicPartition(MESSAGES, p));
                }
                consumer.assign(all);
                consumer.seekToBeginning(all);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!partitionOf.keySet().containsAll(messageIds) && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> partitionOf.put(r.key(), r.partition()));
                }
            }
            assertTrue(partitionOf.keySet().containsAll(messageIds), "every message's record is in " + MESSAGES);
            Map<String, Integer> perMember = new HashMap<>();
            for (String id : messageIds) {
                perMember.merge(owner.get(partitionOf.get(id)), 1, Integer::sum);
            }
            Set<String> members = perMember.keySet();
            assertEquals(2, members.size(), "both instances delivered some of the messages: " + perMember);
            assertTrue(perMember.values().stream().allMatch(n -> n > 0), perMember.toString());
        }
    }
}

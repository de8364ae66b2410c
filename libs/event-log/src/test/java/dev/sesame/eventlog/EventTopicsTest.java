package dev.sesame.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.testing.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Event topics keep their events for ever: projections are rebuilt from them, a week's retention would lose state. */
class EventTopicsTest {

    private static String retention(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get("retention.ms").value();
    }

    @Test
    void newAndExistingEventTopicsKeepTheirEventsForEver() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             EventLog log = new EventLog(bootstrap, "test")) {
            // A topic made by an earlier version, with the broker's default retention (a week).
            admin.createTopics(List.of(new NewTopic("sesame.test.old-events", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertEquals(String.valueOf(7L * 24 * 3600 * 1000), retention(admin, "sesame.test.old-events"));

            log.ensureTopics(List.of("sesame.test.new-events", "sesame.test.old-events"), 2, Map.of("max.message.bytes", "2097152"));

            assertEquals("-1", retention(admin, "sesame.test.new-events"));
            assertEquals("-1", retention(admin, "sesame.test.old-events"));
            assertEquals(2, admin.describeTopics(List.of("sesame.test.new-events")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("sesame.test.new-events").partitions().size());
        }
    }
}

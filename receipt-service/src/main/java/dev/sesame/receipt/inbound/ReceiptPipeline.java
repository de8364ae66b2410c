package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.events.log.EventCodec;
import dev.sesame.events.log.EventEnvelope;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.service.api.CommandLog;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a tenant's active rule set on a received message: the enabled rules whose recipients match, in order, each
 * rule's actions in order as one pipeline (a header added by AddHeader is seen by the actions after it; Stop ends
 * the rule set). Records what happened as a {@code MessageReceived} event.
 */
@Singleton
public class ReceiptPipeline {

    private final ReceiptRules rules;
    private final CommandLog commands;
    private final Path objectStore;

    /** The outcome for one tenant's recipients. */
    public record Outcome(List<String> matchedRules, List<String> actions, List<String> storedObjects) {
    }

    public ReceiptPipeline(ReceiptRules rules, CommandLog commands,
                           @ConfigProperty(name = "sesame.receipt.object-store", defaultValue = "var/receipt-objects") String objectStore) {
        this.rules = rules;
        this.commands = commands;
        this.objectStore = Path.of(objectStore);
    }

    public Outcome run(String accountId, String messageId, String mailFrom, List<String> recipients, byte[] message) throws IOException {
        Instant received = Instant.now();
        ReceiptRules.RuleSet set = rules.active(accountId).orElse(null);
        List<String> matched = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        byte[] current = message;
        boolean stopped = false;
        for (ObjectNode rule : set == null ? List.<ObjectNode>of() : set.rules()) {
            if (stopped || !rule.path("Enabled").asBoolean(false) || !matches(rule, recipients)) {
                continue;
            }
            matched.add(rule.path("Name").asText());
            for (JsonNode action : rule.path("Actions")) {
                String type = action.fieldNames().next();
                JsonNode detail = action.get(type);
                actions.add(type);
                switch (type) {
                    case "AddHeaderAction" -> current = addHeader(current, detail.path("HeaderName").asText(), detail.path("HeaderValue").asText());
                    case "S3Action" -> stored.add(store(detail, messageId, current));
                    case "StopAction" -> stopped = true;
                    case "SNSAction" -> notify(accountId, messageId, mailFrom, recipients, rule, detail, current, received);
                    default -> {
                        // Lambda, Bounce and WorkMail actions are not run yet (issue 6)
                    }
                }
                if (stopped) {
                    break;
                }
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", messageId);
        payload.put("source", mailFrom);
        payload.put("recipients", recipients);
        payload.put("ruleSet", set == null ? null : set.name());
        payload.put("matchedRules", matched);
        payload.put("actions", actions);
        payload.put("storedObjects", stored);
        commands.record(ReceiptRules.TOPIC, accountId, EventEnvelope.of("MessageReceived", 1, accountId, messageId, null,
                EventCodec.JSON.valueToTree(payload))).await().atMost(Duration.ofSeconds(30));
        return new Outcome(matched, actions, stored);
    }

    /**
     * SNSAction: the receipt notification with the message as content goes to the topic's subscribers, through the
     * events service's topic registry (a {@code ReceiptNotificationRequested} event). Over 150 KB it is not sent.
     */
    private void notify(String accountId, String messageId, String mailFrom, List<String> recipients, JsonNode rule, JsonNode detail,
                        byte[] message, Instant received) {
        if (message.length > ReceiptNotification.MAX_CONTENT_BYTES) {
            return;
        }
        String encoding = detail.path("Encoding").asText("UTF-8");
        ObjectNode action = EventCodec.JSON.createObjectNode().put("type", "SNS").put("topicArn", detail.path("TopicArn").asText())
                .put("encoding", encoding.equals("Base64") ? "BASE64" : "UTF8");
        ObjectNode notification = ReceiptNotification.of(messageId, mailFrom, received, recipients, rule, action, message, encoding);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("topicArn", detail.path("TopicArn").asText());
        payload.put("subject", "Amazon SES Email Receipt Notification");
        payload.put("message", notification.toString());
        commands.record(ReceiptRules.TOPIC, accountId, EventEnvelope.of("ReceiptNotificationRequested", 1, accountId, messageId, null,
                EventCodec.JSON.valueToTree(payload))).await().atMost(Duration.ofSeconds(30));
    }

    /** Whether an enabled rule of the active set that matches these recipients has TlsPolicy Require. */
    public boolean requiresTls(String accountId, List<String> recipients) {
        return rules.active(accountId).map(set -> set.rules().stream().anyMatch(rule -> rule.path("Enabled").asBoolean(false)
                && "Require".equals(rule.path("TlsPolicy").asText()) && matches(rule, recipients))).orElse(false);
    }

    /** No Recipients matches all; an address matches itself, a domain its addresses, {@code .domain} its subdomains. */
    static boolean matches(JsonNode rule, List<String> recipients) {
        if (!rule.has("Recipients") || rule.get("Recipients").isEmpty()) {
            return true;
        }
        for (JsonNode entry : rule.get("Recipients")) {
            String match = entry.asText().toLowerCase(Locale.ROOT);
            for (String recipient : recipients) {
                String address = recipient.toLowerCase(Locale.ROOT);
                String domain = address.substring(address.lastIndexOf('@') + 1);
                if (address.equals(match) || domain.equals(match) || match.startsWith(".") && domain.endsWith(match)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] addHeader(byte[] message, String name, String value) {
        byte[] header = (name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[header.length + message.length];
        System.arraycopy(header, 0, result, 0, header.length);
        System.arraycopy(message, 0, result, header.length, message.length);
        return result;
    }

    /** The platform's local object store: {@code <store>/<bucket>/<prefix><message id>}. */
    private String store(JsonNode action, String messageId, byte[] message) throws IOException {
        String key = action.path("ObjectKeyPrefix").asText("") + messageId;
        Path object = objectStore.resolve(action.path("BucketName").asText()).resolve(key).normalize();
        if (!object.startsWith(objectStore.resolve(action.path("BucketName").asText()))) {
            throw new IOException("object key leaves its bucket: " + key);
        }
        Files.createDirectories(object.getParent());
        Path partial = object.resolveSibling("." + object.getFileName() + ".partial");
        Files.write(partial, message);
        Files.move(partial, object, StandardCopyOption.ATOMIC_MOVE);
        return action.path("BucketName").asText() + "/" + key;
    }
}

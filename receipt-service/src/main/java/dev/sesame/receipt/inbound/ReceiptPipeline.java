package dev.sesame.receipt.inbound;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.ReceiptEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.receipt.config.S3Buckets;
import dev.sesame.receipt.kms.StoredObject;
import dev.sesame.receipt.kms.Kms;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.security.SecretBox;
import dev.sesame.service.api.S3Store;
import dev.sesame.service.api.CommandLog;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
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
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs a tenant's active rule set on a received message: the enabled rules whose recipients match, in order, each
 * rule's actions in order as one pipeline — AddHeader (seen by the actions after it), S3, SNS, Lambda (a
 * {@code RequestResponse} function's disposition can end the rule or the rule set), Bounce, WorkMail, Stop — each
 * notifying its TopicArn when it has one. Records what happened as a {@code MessageReceived} event.
 */
@Singleton
public class ReceiptPipeline {

    private static final Logger LOG = Logger.getLogger(ReceiptPipeline.class);
    private static final String SUBJECT = "Amazon SES Email Receipt Notification";

    private final ReceiptRules rules;
    private final CommandLog commands;
    private final Scanner scanner;
    private final Functions functions;
    private final WorkMail workMail;
    private final Path objectStore;
    private final S3Buckets s3Buckets;
    private final String hostname;
    private final SecretBox secrets;
    private final Kms kms;

    /** The outcome for one tenant's recipients. */
    public record Outcome(List<String> matchedRules, List<String> actions, List<String> storedObjects, List<String> failures) {
    }

    /** Why the message is refused before any rule runs: an SMTP reply code and text. */
    public record Refusal(int code, String text) {
    }

    public ReceiptPipeline(ReceiptRules rules, CommandLog commands, Scanner scanner, Functions functions, WorkMail workMail, S3Buckets s3Buckets,
                           @ConfigProperty(name = "sesame.receipt.object-store", defaultValue = "var/receipt-objects") String objectStore,
                           @ConfigProperty(name = "sesame.receipt.hostname", defaultValue = "inbound-smtp.sesame.test") String hostname,
                           @ConfigProperty(name = "sesame.receipt.master-key") String masterKey, Kms kms) {
        this.rules = rules;
        this.commands = commands;
        this.scanner = scanner;
        this.functions = functions;
        this.workMail = workMail;
        this.objectStore = Path.of(objectStore);
        this.s3Buckets = s3Buckets;
        this.hostname = hostname;
        this.secrets = new SecretBox(masterKey);
        this.kms = kms;
    }

    /** The mutable state of one run: the message as the actions so far left it, and what they did. */
    private final class Run {
        final String accountId;
        final Envelope envelope;
        final byte[] original;
        byte[] current;
        Verdicts verdicts;
        final List<String> matched = new ArrayList<>();
        final List<String> actions = new ArrayList<>();
        final List<String> stored = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        Run(String accountId, Envelope envelope, byte[] message) {
            this.accountId = accountId;
            this.envelope = envelope;
            this.original = message;
            this.current = message;
        }

        /** Scanning happens once, for the first rule that asks for it. */
        Verdicts verdicts(JsonNode rule) {
            if (!rule.path("ScanEnabled").asBoolean(false)) {
                return Verdicts.DISABLED;
            }
            if (verdicts == null) {
                verdicts = scanner.scan(envelope, original);
            }
            return verdicts;
        }
    }

    /** What a rule's action asks of the rest of the run. */
    private enum Next { CONTINUE, STOP_RULE, STOP_RULE_SET }

    public Outcome run(String accountId, Envelope envelope, byte[] message) throws IOException {
        Run run = new Run(accountId, envelope, message);
        ReceiptRules.RuleSet set = rules.active(accountId).orElse(null);
        rules:
        for (ObjectNode rule : set == null ? List.<ObjectNode>of() : set.rules()) {
            if (!rule.path("Enabled").asBoolean(false) || !matches(rule, envelope.recipients())) {
                continue;
            }
            run.matched.add(rule.path("Name").asText());
            for (JsonNode action : rule.path("Actions")) {
                String type = action.fieldNames().next();
                run.actions.add(type);
                Next next = act(run, rule, type, action.get(type));
                if (next == Next.STOP_RULE_SET) {
                    break rules;
                }
                if (next == Next.STOP_RULE) {
                    break;
                }
            }
        }
        record(EventType.MESSAGE_RECEIVED, accountId, envelope.messageId(), new ReceiptEvents.MessageReceived(envelope.messageId(),
                envelope.mailFrom(), envelope.recipients(), set == null ? null : set.name(), run.matched, run.actions, run.stored, run.failures));
        return new Outcome(run.matched, run.actions, run.stored, run.failures);
    }

    private Next act(Run run, JsonNode rule, String type, JsonNode detail) throws IOException {
        ObjectNode action = EventCodec.JSON.createObjectNode();
        String topicArn = detail.path("TopicArn").asText(null);
        Next next = Next.CONTINUE;
        switch (type) {
            case "AddHeaderAction" -> {
                run.current = addHeader(run.current, detail.path("HeaderName").asText(), detail.path("HeaderValue").asText());
                return Next.CONTINUE;
            }
            case "S3Action" -> {
                String key = objectKey(detail.path("ObjectKeyPrefix").asText(""), run.envelope.messageId());
                store(run.accountId, detail.path("BucketName").asText(), key, s3Object(run, rule, detail.path("KmsKeyArn").asText(null)));
                run.stored.add(detail.path("BucketName").asText() + "/" + key);
                action.put("type", "S3").put("topicArn", topicArn).put("bucketName", detail.path("BucketName").asText())
                        .put("objectKeyPrefix", detail.path("ObjectKeyPrefix").asText("")).put("objectKey", key);
            }
            case "SNSAction" -> {
                String encoding = detail.path("Encoding").asText("UTF-8");
                action.put("type", "SNS").put("topicArn", topicArn).put("encoding", encoding.equals("Base64") ? "BASE64" : "UTF8");
                notify(run, rule, action, encoding);
                return Next.CONTINUE;
            }
            case "LambdaAction" -> {
                String functionArn = detail.path("FunctionArn").asText();
                String invocation = detail.path("InvocationType").asText("Event");
                action.put("type", "Lambda").put("topicArn", topicArn).put("functionArn", functionArn).put("invocationType", invocation);
                next = invoke(run, rule, functionArn, invocation, action);
            }
            case "BounceAction" -> {
                action.put("type", "Bounce").put("topicArn", topicArn).put("smtpReplyCode", detail.path("SmtpReplyCode").asText())
                        .put("statusCode", detail.path("StatusCode").asText(null)).put("message", detail.path("Message").asText())
                        .put("sender", detail.path("Sender").asText());
                bounce(run, detail);
            }
            case "WorkmailAction" -> {
                String organizationArn = detail.path("OrganizationArn").asText();
                action.put("type", "WorkMail").put("topicArn", topicArn).put("organizationArn", organizationArn);
                forward(run, organizationArn);
            }
            case "StopAction" -> {
                action.put("type", "Stop").put("topicArn", topicArn);
                next = Next.STOP_RULE_SET;
            }
            default -> {
                return Next.CONTINUE;
            }
        }
        if (topicArn != null) {
            notify(run, rule, action, null);
        }
        return next;
    }

    /** Lambda: {@code Event} is fire-and-forget; {@code RequestResponse} waits for the function's disposition. */
    private Next invoke(Run run, JsonNode rule, String functionArn, String invocation, ObjectNode action) {
        Optional<String> endpoint = rules.function(functionArn);
        if (endpoint.isEmpty()) {
            run.failures.add("LambdaAction " + functionArn + ": the function is no longer registered");
            return Next.CONTINUE;
        }
        ObjectNode event = ReceiptNotification.lambdaEvent(run.envelope, run.current,
                ReceiptNotification.receipt(run.envelope, run.verdicts(rule), action.deepCopy().without("topicArn")));
        if (!invocation.equals("RequestResponse")) {
            functions.invokeAsync(functionArn, endpoint.get(), event);
            return Next.CONTINUE;
        }
        try {
            return Next.valueOf(functions.invoke(endpoint.get(), event));
        } catch (IOException e) {
            LOG.warnf("function %s failed: %s", functionArn, e.getMessage());
            run.failures.add("LambdaAction " + functionArn + ": " + e.getMessage());
            return Next.CONTINUE;
        }
    }

    /**
     * Bounce: the sending service sends the DSN (from the action's Sender, through the sending path) when it reads
     * the {@code BounceRequested} event; a message without a sender (a bounce itself) is never bounced.
     */
    private void bounce(Run run, JsonNode detail) {
        if (run.envelope.mailFrom() == null || run.envelope.mailFrom().isEmpty()) {
            return;
        }
        String reply = detail.path("SmtpReplyCode").asText();
        String status = detail.path("StatusCode").asText(reply.startsWith("4") ? "4.0.0" : "5.0.0");
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (String recipient : run.envelope.recipients()) {
            recipients.add(Map.of("Recipient", recipient, "RecipientDsnFields", Map.of("Action", "failed", "Status", status,
                    "DiagnosticCode", "smtp; " + reply + " " + status + " " + detail.path("Message").asText())));
        }
        Map<String, Object> sendBounce = new LinkedHashMap<>();
        sendBounce.put("OriginalMessageId", run.envelope.messageId());
        sendBounce.put("BounceSender", detail.path("Sender").asText());
        sendBounce.put("Explanation", detail.path("Message").asText());
        sendBounce.put("MessageDsn", Map.of("ReportingMta", "dns; " + hostname,
                "ArrivalDate", run.envelope.received().toString()));
        sendBounce.put("BouncedRecipientInfoList", recipients);
        record(EventType.BOUNCE_REQUESTED, run.accountId, run.envelope.messageId(), new ReceiptEvents.BounceRequested(run.envelope.messageId(),
                run.envelope.mailFrom(), EventCodec.JSON.valueToTree(sendBounce)));
    }

    /** WorkMail: the message as received, to the SMTP host registered for the organization. */
    private void forward(Run run, String organizationArn) {
        Optional<String> host = rules.organization(organizationArn);
        try {
            if (host.isEmpty()) {
                throw new IOException("no SMTP host is registered for the organization");
            }
            workMail.forward(host.get(), hostname, run.envelope.mailFrom(), run.envelope.recipients(), run.current);
        } catch (IOException e) {
            LOG.warnf("WorkMail %s failed: %s", organizationArn, e.getMessage());
            run.failures.add("WorkmailAction " + organizationArn + ": " + e.getMessage());
        }
    }

    /**
     * The receipt notification goes to the topic's subscribers through the events service's topic registry (a
     * {@code ReceiptNotificationRequested} event); with the content only for an SNS action.
     */
    private void notify(Run run, JsonNode rule, ObjectNode action, String encoding) {
        ObjectNode receipt = ReceiptNotification.receipt(run.envelope, run.verdicts(rule), action);
        ObjectNode notification = ReceiptNotification.notification(run.envelope, run.current, receipt, encoding);
        record(EventType.RECEIPT_NOTIFICATION_REQUESTED, run.accountId, run.envelope.messageId(),
                new ReceiptEvents.NotificationRequested(action.path("topicArn").asText(), SUBJECT, notification.toString()));
    }

    private void record(EventType type, String accountId, String messageId, Record payload) {
        commands.record(accountId, EventEnvelope.of(type, accountId, messageId, null, payload)).await().atMost(Duration.ofSeconds(30));
    }

    /**
     * Whether the message must be refused before any rule runs: an enabled matching rule with TlsPolicy Require when
     * it did not come over TLS, or with an SNS action when it is over the SNS content limit (150 KB), as SES refuses.
     */
    public Optional<Refusal> refusal(String accountId, List<String> recipients, boolean tls, int size) {
        List<ObjectNode> matching = rules.active(accountId).map(set -> set.rules().stream()
                .filter(rule -> rule.path("Enabled").asBoolean(false) && matches(rule, recipients)).toList()).orElse(List.of());
        if (!tls && matching.stream().anyMatch(rule -> "Require".equals(rule.path("TlsPolicy").asText()))) {
            return Optional.of(new Refusal(554, "5.7.1 A receipt rule requires TLS: use STARTTLS"));
        }
        if (size > ReceiptNotification.MAX_CONTENT_BYTES && matching.stream().anyMatch(rule -> hasAction(rule, "SNSAction"))) {
            return Optional.of(new Refusal(552, "5.3.4 Message too big for the receipt rule's SNS action (150 KB at most)"));
        }
        return Optional.empty();
    }

    private static boolean hasAction(JsonNode rule, String type) {
        for (JsonNode action : rule.path("Actions")) {
            if (action.has(type)) {
                return true;
            }
        }
        return false;
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

    /** The message as it is stored: as it is, or encrypted as SES encrypts it when the action names a KMS key. */
    private StoredObject s3Object(Run run, JsonNode rule, String kmsKeyArn) throws IOException {
        if (kmsKeyArn == null) {
            return StoredObject.plain(run.current);
        }
        Kms.Key key = kms.resolve(run.accountId, null, kmsKeyArn)
                .orElseThrow(() -> new IOException("the KMS key " + kmsKeyArn + " does not exist"));
        return StoredObject.encrypted(kms, key, kmsKeyArn, run.accountId, rule.path("Name").asText(), run.envelope.messageId(), run.current);
    }

    /** SES adds the {@code /} after a prefix that has none: prefix {@code inbox} stores {@code inbox/<message id>}. */
    static String objectKey(String prefix, String messageId) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix + messageId : prefix + "/" + messageId;
    }

    /**
     * The tenant's registered S3-compatible bucket, else a bucket configured as one, else the platform's local
     * object store, one folder per tenant: {@code <store>/<account>/<bucket>/<key>}, with the encryption metadata
     * of an encrypted object in the instruction file {@code <key>.instruction} beside it.
     */
    private void store(String accountId, String bucketName, String key, StoredObject object) throws IOException {
        Optional<ReceiptRules.Bucket> registered = rules.bucket(accountId, bucketName);
        if (registered.isPresent()) {
            ReceiptRules.Bucket b = registered.get();
            new S3Store(URI.create(b.url()), b.region(), b.accessKey(), b.sealedSecretKey() == null ? null : secrets.open(b.sealedSecretKey()))
                    .put(bucketName, key, object.body(), object.metadata(), Instant.now());
            return;
        }
        S3Buckets.Bucket remote = s3Buckets.buckets().get(bucketName);
        if (remote != null) {
            new S3Store(URI.create(remote.url()), remote.region(), remote.accessKey().orElse(null), remote.secretKey().orElse(null))
                    .put(bucketName, key, object.body(), object.metadata(), Instant.now());
            return;
        }
        Path bucket = objectStore.resolve(accountId).resolve(bucketName);
        if (!object.metadata().isEmpty()) {
            write(bucket, key + ".instruction", object.instructionFile());
        }
        write(bucket, key, object.body());
    }

    private static void write(Path bucket, String key, byte[] content) throws IOException {
        Path file = bucket.resolve(key).normalize();
        if (!file.startsWith(bucket)) {
            throw new IOException("object key leaves its bucket: " + key);
        }
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
        Files.write(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}

package dev.sesame.receipt.model;

import dev.sesame.eventlog.catalogue.ReceiptEvents;
import dev.sesame.eventlog.catalogue.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.InMemoryProjection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tenant's receipt rule sets (rules in order), which one is active, its IP filters, S3-compatible buckets and
 * KMS keys,
 * and the registries the actions reach out to (Lambda-style functions by ARN to HTTP endpoints, WorkMail
 * organizations by ARN to SMTP hosts), projected in memory from {@code sesame.receipt.events} and rebuilt at start. The first event that creates
 * a name wins; a later registration of an ARN replaces the earlier one.
 */
@Singleton
public class ReceiptRules extends InMemoryProjection {

    /** A rule set: when and by which event it was created, and its rules in evaluation order (SES's ReceiptRule trees). */
    public record RuleSet(String name, Instant createdAt, String createdBy, List<ObjectNode> rules) {

        public Optional<ObjectNode> rule(String ruleName) {
            return rules.stream().filter(r -> r.path("Name").asText().equals(ruleName)).findFirst();
        }
    }

    /** A bucket of an S3-compatible store that a tenant's S3 actions write to; its secret key stays sealed. */
    public record Bucket(String bucketName, String url, String region, String accessKey, String sealedSecretKey) {
    }

    /** A customer-managed KMS key S3 actions may encrypt with; its key material stays sealed. */
    public record KmsKey(String arn, String keyId, String region, String description, Instant createdAt, String sealedMaterial) {
    }

    /** One tenant's receipt configuration. */
    static final class Tenant {
        final TreeMap<String, RuleSet> sets = new TreeMap<>();
        final Map<String, ObjectNode> filters = new LinkedHashMap<>();
        final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
        String active;
    }

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, String> functions = new ConcurrentHashMap<>();
    private final Map<String, String> organizations = new ConcurrentHashMap<>();

    public ReceiptRules() {
        super(Topics.RECEIPT);
    }

    @Override
    protected void apply(EventEnvelope event) {
        Tenant tenant = tenants.computeIfAbsent(event.tenantId(), t -> new Tenant());
        String setName = event.payload().path("ruleSet").asText(); // the rule and rule-set events name their set
        RuleSet set = tenant.sets.get(setName);
        switch (event.eventType()) {
            case RECEIPT_RULE_SET_CREATED -> {
                if (set == null) {
                    List<ObjectNode> rules = new ArrayList<>();
                    event.payloadAs(ReceiptEvents.RuleSetCreated.class).rules().forEach(r -> rules.add(r.deepCopy()));
                    tenant.sets.put(setName, new RuleSet(setName, event.time(), event.eventId(), rules));
                }
            }
            case RECEIPT_RULE_SET_DELETED -> {
                tenant.sets.remove(setName);
                if (setName.equals(tenant.active)) {
                    tenant.active = null;
                }
            }
            case ACTIVE_RECEIPT_RULE_SET_SET -> tenant.active = event.payloadAs(ReceiptEvents.ActiveRuleSetSet.class).ruleSet();
            case RECEIPT_RULE_CREATED -> {
                var created = event.payloadAs(ReceiptEvents.RuleCreated.class);
                if (set != null && set.rule(created.rule().path("Name").asText()).isEmpty()) {
                    set.rules().add(position(set, created.after()), (ObjectNode) created.rule());
                }
            }
            case RECEIPT_RULE_UPDATED -> {
                var updated = event.payloadAs(ReceiptEvents.RuleUpdated.class);
                if (set != null) {
                    for (int i = 0; i < set.rules().size(); i++) {
                        if (set.rules().get(i).path("Name").asText().equals(updated.rule().path("Name").asText())) {
                            set.rules().set(i, (ObjectNode) updated.rule());
                        }
                    }
                }
            }
            case RECEIPT_RULE_DELETED -> {
                String ruleName = event.payloadAs(ReceiptEvents.RuleDeleted.class).ruleName();
                if (set != null) {
                    set.rules().removeIf(r -> r.path("Name").asText().equals(ruleName));
                }
            }
            case RECEIPT_RULE_POSITION_SET -> {
                var moved = event.payloadAs(ReceiptEvents.RulePositionSet.class);
                if (set != null) {
                    set.rule(moved.ruleName()).ifPresent(rule -> {
                        set.rules().remove(rule);
                        set.rules().add(position(set, moved.after()), rule);
                    });
                }
            }
            case RECEIPT_RULE_SET_REORDERED -> {
                if (set != null) {
                    List<ObjectNode> ordered = new ArrayList<>();
                    event.payloadAs(ReceiptEvents.RuleSetReordered.class).ruleNames().forEach(n -> set.rule(n).ifPresent(ordered::add));
                    set.rules().removeAll(ordered);
                    ordered.addAll(set.rules());
                    set.rules().clear();
                    set.rules().addAll(ordered);
                }
            }
            case RECEIPT_FILTER_CREATED -> {
                JsonNode filter = event.payloadAs(ReceiptEvents.FilterCreated.class).filter();
                tenant.filters.putIfAbsent(filter.path("Name").asText(), (ObjectNode) filter);
            }
            case RECEIPT_FILTER_DELETED -> tenant.filters.remove(event.payloadAs(ReceiptEvents.FilterDeleted.class).filterName());
            case BUCKET_REGISTERED -> {
                var b = event.payloadAs(ReceiptEvents.BucketRegistered.class);
                tenant.buckets.put(b.bucketName(), new Bucket(b.bucketName(), b.url(), b.region() == null ? "us-east-1" : b.region(),
                        b.accessKey(), b.sealedSecretKey()));
            }
            case KMS_KEY_CREATED -> {
                var k = event.payloadAs(ReceiptEvents.KmsKeyCreated.class);
                tenant.keys.putIfAbsent(k.keyArn(), new KmsKey(k.keyArn(), k.keyId(), k.region(), k.description() == null ? "" : k.description(),
                        event.time(), k.sealedKeyMaterial()));
            }
            case FUNCTION_REGISTERED -> {
                var f = event.payloadAs(ReceiptEvents.FunctionRegistered.class);
                functions.put(f.functionArn(), f.endpoint());
            }
            case WORK_MAIL_ORGANIZATION_REGISTERED -> {
                var o = event.payloadAs(ReceiptEvents.WorkMailOrganizationRegistered.class);
                organizations.put(o.organizationArn(), o.smtpHost());
            }
            default -> {
            }
        }
    }

    /** After the named rule, or first when none is named (or it is gone). */
    private static int position(RuleSet set, String after) {
        if (after == null) {
            return 0;
        }
        for (int i = 0; i < set.rules().size(); i++) {
            if (set.rules().get(i).path("Name").asText().equals(after)) {
                return i + 1;
            }
        }
        return 0;
    }

    @Override
    protected void clear() {
        tenants.clear();
        functions.clear();
        organizations.clear();
    }

    /** The tenant's registered S3-compatible bucket of that name. */
    public Optional<Bucket> bucket(String accountId, String bucketName) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null ? Optional.empty() : Optional.ofNullable(tenant.buckets.get(bucketName));
    }

    public List<Bucket> buckets(String accountId) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null ? List.of() : List.copyOf(tenant.buckets.values());
    }

    /** The tenant's customer-managed KMS key with that ARN. */
    public Optional<KmsKey> kmsKey(String accountId, String keyArn) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null ? Optional.empty() : Optional.ofNullable(tenant.keys.get(keyArn));
    }

    /** The tenant's customer-managed KMS keys in a region, oldest first. */
    public List<KmsKey> kmsKeys(String accountId, String region) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null ? List.of() : tenant.keys.values().stream().filter(k -> k.region().equals(region))
                .sorted(java.util.Comparator.comparing(KmsKey::createdAt).thenComparing(KmsKey::keyId)).toList();
    }

    /** The HTTP endpoint a Lambda-style function ARN is registered to. */
    public Optional<String> function(String functionArn) {
        return Optional.ofNullable(functions.get(functionArn));
    }

    /** The {@code host:port} a WorkMail organization ARN forwards to. */
    public Optional<String> organization(String organizationArn) {
        return Optional.ofNullable(organizations.get(organizationArn));
    }

    public Map<String, String> functions() {
        return Map.copyOf(functions);
    }

    public Map<String, String> organizations() {
        return Map.copyOf(organizations);
    }

    public synchronized Optional<RuleSet> ruleSet(String accountId, String name) {
        Tenant tenant = tenants.get(accountId);
        RuleSet set = tenant == null ? null : tenant.sets.get(name);
        return Optional.ofNullable(set).map(s -> new RuleSet(s.name(), s.createdAt(), s.createdBy(),
                new ArrayList<>(s.rules().stream().map(ObjectNode::deepCopy).toList())));
    }

    public synchronized List<RuleSet> ruleSets(String accountId) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null ? List.of() : new ArrayList<>(tenant.sets.values());
    }

    public synchronized Optional<RuleSet> active(String accountId) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null || tenant.active == null ? Optional.empty() : ruleSet(accountId, tenant.active);
    }

    public synchronized List<ObjectNode> filters(String accountId) {
        Tenant tenant = tenants.get(accountId);
        return tenant == null ? List.of() : tenant.filters.values().stream().map(ObjectNode::deepCopy).toList();
    }
}

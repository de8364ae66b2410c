package dev.sesame.receipt.rest;

import dev.sesame.receipt.rest.ReceiptRequests.CloneReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.CreateReceiptFilterRequest;
import dev.sesame.receipt.rest.ReceiptRequests.CreateReceiptRuleRequest;
import dev.sesame.receipt.rest.ReceiptRequests.CreateReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.DeleteReceiptFilterRequest;
import dev.sesame.receipt.rest.ReceiptRequests.DeleteReceiptRuleRequest;
import dev.sesame.receipt.rest.ReceiptRequests.DeleteReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.DescribeActiveReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.DescribeReceiptRuleRequest;
import dev.sesame.receipt.rest.ReceiptRequests.DescribeReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.ListReceiptFiltersRequest;
import dev.sesame.receipt.rest.ReceiptRequests.ListReceiptRuleSetsRequest;
import dev.sesame.receipt.rest.ReceiptRequests.ReorderReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.SetActiveReceiptRuleSetRequest;
import dev.sesame.receipt.rest.ReceiptRequests.SetReceiptRulePositionRequest;
import dev.sesame.receipt.rest.ReceiptRequests.UpdateReceiptRuleRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.ReceiptEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.receipt.kms.Kms;
import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Receipt rule sets, their rules and order, the active set, and IP filters, with the spec's rules and limits. */
@ApplicationScoped
public class ReceiptRuleActions implements SesActions {

    static final int MAX_RULE_SETS = 40;
    static final int MAX_RULES = 200;
    static final int MAX_ACTIONS = 10;
    static final int MAX_RECIPIENTS = 100;
    static final int MAX_FILTERS = 100;
    static final int LIST_PAGE = 100;
    /**
     * Rule set, rule and IP filter names: letters, digits, '_', '.', '-', starting and ending with a letter or digit, and
     * (the reference's words) "less than 64 characters".
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
    private static final String NAME_RULE = "letters, digits, '_', '.' and '-', starting and ending with a letter or digit, "
            + "fewer than 64 characters.";
    private static final Pattern SNS_TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,50}");

    /** Rules and filters are kept as the JSON of the members a request named (what Describe answers). */
    private static final ObjectMapper PRESENT_MEMBERS = EventCodec.JSON.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final ReceiptRules rules;
    private final CommandLog commands;
    private final Kms kms;

    public ReceiptRuleActions(ReceiptRules rules, CommandLog commands, Kms kms) {
        this.rules = rules;
        this.commands = commands;
        this.kms = kms;
    }

    @Override
    public Map<String, SesAction> actions() {
        Map<String, SesAction> actions = new LinkedHashMap<>();
        actions.put("CreateReceiptRuleSet", SesAction.typed(CreateReceiptRuleSetRequest.class,
                (c, r) -> createSet(c, name(r.ruleSetName()), List.of())));
        actions.put("CloneReceiptRuleSet", SesAction.typed(CloneReceiptRuleSetRequest.class, this::cloneSet));
        actions.put("DeleteReceiptRuleSet", SesAction.typed(DeleteReceiptRuleSetRequest.class, this::deleteSet));
        actions.put("DescribeReceiptRuleSet", SesAction.typed(DescribeReceiptRuleSetRequest.class,
                (c, r) -> Uni.createFrom().item(describe(set(c, r.ruleSetName())))));
        actions.put("ListReceiptRuleSets", SesAction.typed(ListReceiptRuleSetsRequest.class, this::listSets));
        actions.put("SetActiveReceiptRuleSet", SesAction.typed(SetActiveReceiptRuleSetRequest.class, this::setActive));
        actions.put("DescribeActiveReceiptRuleSet", SesAction.typed(DescribeActiveReceiptRuleSetRequest.class, (c, r) -> Uni.createFrom().item(
                rules.active(c.accountId()).map(ReceiptRuleActions::describe).orElse(EventCodec.JSON.createObjectNode()))));
        actions.put("ReorderReceiptRuleSet", SesAction.typed(ReorderReceiptRuleSetRequest.class, this::reorder));
        actions.put("CreateReceiptRule", SesAction.typed(CreateReceiptRuleRequest.class, this::createRule));
        actions.put("UpdateReceiptRule", SesAction.typed(UpdateReceiptRuleRequest.class, this::updateRule));
        actions.put("DeleteReceiptRule", SesAction.typed(DeleteReceiptRuleRequest.class, this::deleteRule));
        actions.put("DescribeReceiptRule", SesAction.typed(DescribeReceiptRuleRequest.class, this::describeRule));
        actions.put("SetReceiptRulePosition", SesAction.typed(SetReceiptRulePositionRequest.class, this::setPosition));
        actions.put("CreateReceiptFilter", SesAction.typed(CreateReceiptFilterRequest.class, this::createFilter));
        actions.put("DeleteReceiptFilter", SesAction.typed(DeleteReceiptFilterRequest.class, this::deleteFilter));
        actions.put("ListReceiptFilters", SesAction.typed(ListReceiptFiltersRequest.class, (c, r) -> {
            ObjectNode result = EventCodec.JSON.createObjectNode();
            result.set("Filters", EventCodec.JSON.valueToTree(rules.filters(c.accountId())));
            return Uni.createFrom().item(result);
        }));
        return actions;
    }

    /** The first event that creates a name wins; a concurrent second creation gets AlreadyExists. */
    private Uni<?> createSet(Caller caller, String name, List<ObjectNode> copiedRules) {
        if (rules.ruleSet(caller.accountId(), name).isPresent()) {
            throw alreadyExists("Rule set", name);
        }
        if (rules.ruleSets(caller.accountId()).size() >= MAX_RULE_SETS) {
            throw SesException.of("LimitExceeded", "An account can have at most " + MAX_RULE_SETS + " receipt rule sets.");
        }
        EventEnvelope event = event(caller, EventType.RECEIPT_RULE_SET_CREATED, name, new ReceiptEvents.RuleSetCreated(name, copiedRules));
        return record(caller, event).map(ignored -> {
            if (!rules.ruleSet(caller.accountId(), name).map(s -> s.createdBy().equals(event.eventId())).orElse(false)) {
                throw alreadyExists("Rule set", name);
            }
            return empty();
        });
    }

    /** An independent copy: later changes to either set do not touch the other. */
    private Uni<?> cloneSet(Caller caller, CloneReceiptRuleSetRequest request) {
        String name = name(request.ruleSetName());
        ReceiptRules.RuleSet original = set(caller, request.originalRuleSetName());
        return createSet(caller, name, original.rules());
    }

    /** The active set cannot be deleted; deleting a set that does not exist succeeds. */
    private Uni<?> deleteSet(Caller caller, DeleteReceiptRuleSetRequest request) {
        String name = request.ruleSetName();
        if (rules.active(caller.accountId()).map(s -> s.name().equals(name)).orElse(false)) {
            throw SesException.of("CannotDelete", "Cannot delete active rule set: " + name);
        }
        if (rules.ruleSet(caller.accountId(), name).isEmpty()) {
            return Uni.createFrom().item(empty());
        }
        return record(caller, event(caller, EventType.RECEIPT_RULE_SET_DELETED, name, new ReceiptEvents.RuleSetDeleted(name))).map(ignored -> empty());
    }

    private Uni<?> listSets(Caller caller, ListReceiptRuleSetsRequest request) {
        List<ReceiptRules.RuleSet> all = rules.ruleSets(caller.accountId());
        int from = 0;
        if (request.nextToken() != null) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(request.nextToken()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw SesException.invalidParameterValue("The NextToken is not valid.");
            }
        }
        ObjectNode result = EventCodec.JSON.createObjectNode();
        ArrayNode sets = result.putArray("RuleSets");
        all.stream().skip(from).limit(LIST_PAGE).forEach(s -> sets.add(metadata(s)));
        if (from + LIST_PAGE < all.size()) {
            result.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(String.valueOf(from + LIST_PAGE).getBytes(StandardCharsets.UTF_8)));
        }
        return Uni.createFrom().item(result);
    }

    /** No RuleSetName disables receiving. */
    private Uni<?> setActive(Caller caller, SetActiveReceiptRuleSetRequest request) {
        String name = nonEmpty(request.ruleSetName());
        if (name != null) {
            set(caller, name);
        }
        return record(caller, event(caller, EventType.ACTIVE_RECEIPT_RULE_SET_SET, name == null ? "" : name, new ReceiptEvents.ActiveRuleSetSet(name))).map(ignored -> empty());
    }

    /** Every rule of the set must be named, each once. */
    private Uni<?> reorder(Caller caller, ReorderReceiptRuleSetRequest request) {
        ReceiptRules.RuleSet set = set(caller, request.ruleSetName());
        List<String> names = request.ruleNames() == null ? List.of() : request.ruleNames();
        for (String name : names) {
            if (set.rule(name).isEmpty()) {
                throw ruleMissing(name);
            }
        }
        if (names.size() != set.rules().size() || new HashSet<>(names).size() != names.size()) {
            throw SesException.invalidParameterValue("RuleNames must name every rule of rule set " + set.name() + " exactly once.");
        }
        return record(caller, event(caller, EventType.RECEIPT_RULE_SET_REORDERED, set.name(), new ReceiptEvents.RuleSetReordered(set.name(), names)))
                .map(ignored -> empty());
    }

    /** After names the rule to follow; without it the rule goes first. */
    private Uni<?> createRule(Caller caller, CreateReceiptRuleRequest request) {
        ReceiptRules.RuleSet set = set(caller, request.ruleSetName());
        ObjectNode rule = rule(caller.accountId(), request.rule());
        String after = nonEmpty(request.after());
        if (set.rule(rule.get("Name").asText()).isPresent()) {
            throw alreadyExists("Rule", rule.get("Name").asText());
        }
        if (after != null && set.rule(after).isEmpty()) {
            throw ruleMissing(after);
        }
        if (set.rules().size() >= MAX_RULES) {
            throw SesException.of("LimitExceeded", "A rule set can have at most " + MAX_RULES + " rules.");
        }
        return record(caller, event(caller, EventType.RECEIPT_RULE_CREATED, set.name(), new ReceiptEvents.RuleCreated(set.name(), rule, after))).map(ignored -> empty());
    }

    private Uni<?> updateRule(Caller caller, UpdateReceiptRuleRequest request) {
        ReceiptRules.RuleSet set = set(caller, request.ruleSetName());
        ObjectNode rule = rule(caller.accountId(), request.rule());
        if (set.rule(rule.get("Name").asText()).isEmpty()) {
            throw ruleMissing(rule.get("Name").asText());
        }
        return record(caller, event(caller, EventType.RECEIPT_RULE_UPDATED, set.name(), new ReceiptEvents.RuleUpdated(set.name(), rule)))
                .map(ignored -> empty());
    }

    /** Deleting a rule the set does not have succeeds. */
    private Uni<?> deleteRule(Caller caller, DeleteReceiptRuleRequest request) {
        ReceiptRules.RuleSet set = set(caller, request.ruleSetName());
        String name = request.ruleName();
        if (set.rule(name).isEmpty()) {
            return Uni.createFrom().item(empty());
        }
        return record(caller, event(caller, EventType.RECEIPT_RULE_DELETED, set.name(), new ReceiptEvents.RuleDeleted(set.name(), name)))
                .map(ignored -> empty());
    }

    private Uni<?> describeRule(Caller caller, DescribeReceiptRuleRequest request) {
        ReceiptRules.RuleSet set = set(caller, request.ruleSetName());
        String name = request.ruleName();
        ObjectNode result = EventCodec.JSON.createObjectNode();
        result.set("Rule", described(set.rule(name).orElseThrow(() -> ruleMissing(name))));
        return Uni.createFrom().item(result);
    }

    private Uni<?> setPosition(Caller caller, SetReceiptRulePositionRequest request) {
        ReceiptRules.RuleSet set = set(caller, request.ruleSetName());
        String name = request.ruleName();
        String after = nonEmpty(request.after());
        if (set.rule(name).isEmpty()) {
            throw ruleMissing(name);
        }
        if (after != null && (set.rule(after).isEmpty() || after.equals(name))) {
            throw ruleMissing(after);
        }
        return record(caller, event(caller, EventType.RECEIPT_RULE_POSITION_SET, set.name(), new ReceiptEvents.RulePositionSet(set.name(), name, after))).map(ignored -> empty());
    }

    private Uni<?> createFilter(Caller caller, CreateReceiptFilterRequest request) {
        ObjectNode filter = PRESENT_MEMBERS.valueToTree(request.filter());
        String name = filter.path("Name").asText();
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Filter name <" + name + "> is invalid: " + NAME_RULE);
        }
        cidr(filter.at("/IpFilter/Cidr").asText());
        List<ObjectNode> existing = rules.filters(caller.accountId());
        if (existing.stream().anyMatch(f -> f.path("Name").asText().equals(name))) {
            throw alreadyExists("Filter", name);
        }
        if (existing.size() >= MAX_FILTERS) {
            throw SesException.of("LimitExceeded", "An account can have at most " + MAX_FILTERS + " IP address filters.");
        }
        return record(caller, event(caller, EventType.RECEIPT_FILTER_CREATED, name, new ReceiptEvents.FilterCreated(filter))).map(ignored -> empty());
    }

    /** Deleting a filter that does not exist succeeds. */
    private Uni<?> deleteFilter(Caller caller, DeleteReceiptFilterRequest request) {
        String name = request.filterName();
        if (rules.filters(caller.accountId()).stream().noneMatch(f -> f.path("Name").asText().equals(name))) {
            return Uni.createFrom().item(empty());
        }
        return record(caller, event(caller, EventType.RECEIPT_FILTER_DELETED, name, new ReceiptEvents.FilterDeleted(name))).map(ignored -> empty());
    }

    /** A rule as the spec allows it: its name, up to 100 recipients, up to 10 actions each well-formed. */
    private ObjectNode rule(String accountId, ReceiptRequests.ReceiptRule request) {
        ObjectNode rule = PRESENT_MEMBERS.valueToTree(request);
        String name = rule.path("Name").asText();
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Rule name <" + name + "> is invalid: " + NAME_RULE);
        }
        if (rule.path("Recipients").size() > MAX_RECIPIENTS) {
            throw SesException.of("LimitExceeded", "A rule can have at most " + MAX_RECIPIENTS + " recipients.");
        }
        if (rule.path("Actions").size() > MAX_ACTIONS) {
            throw SesException.of("LimitExceeded", "A rule can have at most " + MAX_ACTIONS + " actions.");
        }
        for (JsonNode action : rule.path("Actions")) {
            if (action.size() != 1) {
                throw SesException.invalidParameterValue("Each receipt action must be exactly one of S3Action, BounceAction, "
                        + "WorkmailAction, LambdaAction, StopAction, AddHeaderAction and SNSAction.");
            }
            action.fields().forEachRemaining(a -> checkAction(accountId, a.getKey(), a.getValue()));
        }
        return rule;
    }

    private void checkAction(String accountId, String type, JsonNode action) {
        String topic = action.path("TopicArn").asText(null);
        if (topic != null && !SNS_TOPIC.matcher(topic).matches()) {
            throw SesException.of("InvalidSnsTopic", "Invalid SNS topic <" + topic + ">.");
        }
        switch (type) {
            case "S3Action" -> {
                if (!BUCKET.matcher(action.path("BucketName").asText()).matches()) {
                    throw SesException.of("InvalidS3Configuration", "Could not write to bucket: " + action.path("BucketName").asText());
                }
                if (action.hasNonNull("KmsKeyArn")) {
                    kmsKey(accountId, action.get("KmsKeyArn").asText());
                }
            }
            case "SNSAction" -> {
                if (!SNS_TOPIC.matcher(action.path("TopicArn").asText()).matches()) {
                    throw SesException.of("InvalidSnsTopic", "Invalid SNS topic <" + action.path("TopicArn").asText() + ">.");
                }
            }
            case "LambdaAction" -> {
                String function = action.path("FunctionArn").asText();
                // SES refuses a function it cannot invoke: here, one not in the function registry.
                if (!RegistryResource.FUNCTION_ARN.matcher(function).matches() || rules.function(function).isEmpty()) {
                    throw SesException.of("InvalidLambdaFunction", "Invalid Lambda function <" + action.path("FunctionArn").asText() + ">.");
                }
            }
            case "AddHeaderAction" -> {
                String value = action.path("HeaderValue").asText();
                // The reference: the value "Must be less than 2048 characters, and must not contain newline characters".
                if (!HEADER_NAME.matcher(action.path("HeaderName").asText()).matches() || value.length() >= 2048
                        || value.contains("\r") || value.contains("\n")) {
                    throw SesException.invalidParameterValue("AddHeaderAction needs a header name of 1-50 letters, digits and dashes, "
                            + "and a value of fewer than 2048 characters without CR or LF.");
                }
            }
            case "BounceAction", "StopAction", "WorkmailAction" -> {
                // their shapes are fully checked by the protocol's model
            }
            default -> throw SesException.invalidParameterValue(type + " is not supported.");
        }
    }

    /** The default key's alias ARN or a key ARN, of the tenant's own keys: SES cannot use a key it may not use. */
    private void kmsKey(String accountId, String arn) {
        boolean usable;
        try {
            usable = (Kms.KEY_ARN.matcher(arn).matches() || Kms.ALIAS_ARN.matcher(arn).matches()) && kms.resolve(accountId, null, arn).isPresent();
        } catch (SesException accessDenied) {
            usable = false;
        }
        if (!usable) {
            throw SesException.of("InvalidS3Configuration", "Could not use KMS key " + arn + ": it is neither this account's default "
                    + "key (arn:aws:kms:<region>:" + accountId + ":alias/aws/ses) nor a key this account created.");
        }
    }

    private static void cidr(String cidr) {
        String[] parts = cidr.split("/");
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (parts.length > 2 || bits < 0 || bits > address.length * 8 || !parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException();
            }
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw SesException.invalidParameterValue("Invalid CIDR <" + cidr + ">.");
        }
    }

    private static ObjectNode describe(ReceiptRules.RuleSet set) {
        ObjectNode result = EventCodec.JSON.createObjectNode();
        result.set("Metadata", metadata(set));
        ArrayNode described = result.putArray("Rules");
        set.rules().forEach(rule -> described.add(described(rule)));
        return result;
    }

    /**
     * A rule as SES describes it, with the reference's defaults for what it was created without: Enabled and ScanEnabled
     * "The default value is false", TlsPolicy "The default is Optional", an SNS action's Encoding "The default value is
     * UTF-8" and a Lambda action's InvocationType "The default value is Event". Applied when read, so rules recorded
     * before the defaults were filled in describe the same.
     */
    static ObjectNode described(ObjectNode rule) {
        ObjectNode described = rule.deepCopy();
        putIfAbsent(described, "Enabled", false);
        putIfAbsent(described, "ScanEnabled", false);
        putIfAbsent(described, "TlsPolicy", "Optional");
        for (JsonNode action : described.path("Actions")) {
            if (action.get("SNSAction") instanceof ObjectNode sns) {
                putIfAbsent(sns, "Encoding", "UTF-8");
            }
            if (action.get("LambdaAction") instanceof ObjectNode lambda) {
                putIfAbsent(lambda, "InvocationType", "Event");
            }
        }
        return described;
    }

    private static void putIfAbsent(ObjectNode node, String field, Object value) {
        if (!node.hasNonNull(field)) {
            node.set(field, EventCodec.JSON.valueToTree(value));
        }
    }

    private static ObjectNode metadata(ReceiptRules.RuleSet set) {
        ObjectNode metadata = EventCodec.JSON.createObjectNode();
        metadata.put("Name", set.name());
        metadata.put("CreatedTimestamp", set.createdAt().toString());
        return metadata;
    }

    private ReceiptRules.RuleSet set(Caller caller, String name) {
        return rules.ruleSet(caller.accountId(), name).orElseThrow(() -> SesException.of("RuleSetDoesNotExist",
                "Rule set does not exist: " + name));
    }

    private static String name(String given) {
        String name = given == null ? "" : given;
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Rule set name <" + name + "> is invalid: " + NAME_RULE);
        }
        return name;
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static SesException alreadyExists(String what, String name) {
        // AWS's wording (docs/aws-errors.md): "Rule set already exists: <name>".
        return SesException.of("AlreadyExists", what + " already exists: " + name);
    }

    private static SesException ruleMissing(String name) {
        return SesException.of("RuleDoesNotExist", "Rule does not exist: " + name);
    }

    private static Map<String, Object> empty() {
        return Map.of();
    }

    private static EventEnvelope event(Caller caller, EventType type, String aggregate, Record payload) {
        return EventEnvelope.of(type, caller.accountId(), aggregate, caller.requestId(), payload);
    }

    private Uni<?> record(Caller caller, EventEnvelope event) {
        return commands.record(caller.accountId(), event);
    }

}

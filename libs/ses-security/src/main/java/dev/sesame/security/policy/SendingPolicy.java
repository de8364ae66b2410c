package dev.sesame.security.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sending-authorization policy: statements that Allow or Deny principals the SES send actions on an identity,
 * under conditions. {@link #parse} validates a document as SES does when it is put; {@link #evaluate} decides.
 */
public final class SendingPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Statement> statements;

    private record Condition(String operator, String key, List<String> values) {
    }

    private record Statement(boolean allow, List<String> principals, List<String> actions, List<String> resources,
                             List<Condition> conditions) {
    }

    private SendingPolicy(List<Statement> statements) {
        this.statements = statements;
    }

    public static SendingPolicy parse(String document) throws InvalidPolicyException {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("Policy is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException("Policy must be a JSON object.");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || statementNode.isNull() || (statementNode.isArray() && statementNode.isEmpty())) {
            throw new InvalidPolicyException("Policy must contain at least one Statement.");
        }
        if (root.has("Version") && !List.of("2012-10-17", "2008-10-17").contains(root.get("Version").asText())) {
            throw new InvalidPolicyException("Policy Version must be 2012-10-17 or 2008-10-17.");
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode statement : statementNode.isArray() ? statementNode : List.of(statementNode)) {
            statements.add(statement(statement));
        }
        return new SendingPolicy(List.copyOf(statements));
    }

    private static Statement statement(JsonNode node) throws InvalidPolicyException {
        if (!node.isObject()) {
            throw new InvalidPolicyException("Each Statement must be a JSON object.");
        }
        for (String unsupported : List.of("NotPrincipal", "NotAction", "NotResource")) {
            if (node.has(unsupported)) {
                throw new InvalidPolicyException(unsupported + " is not supported in sending authorization policies.");
            }
        }
        String effect = node.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new InvalidPolicyException("Statement Effect must be Allow or Deny.");
        }
        JsonNode principal = node.get("Principal");
        if (principal == null) {
            throw new InvalidPolicyException("Statement must name a Principal.");
        }
        List<String> principals;
        if (principal.isTextual() && principal.asText().equals("*")) {
            principals = List.of("*");
        } else if (principal.isObject() && principal.has("AWS")) {
            principals = strings(principal.get("AWS"), "Principal AWS");
        } else {
            throw new InvalidPolicyException("Principal must be \"*\" or {\"AWS\": …} naming accounts or ARNs.");
        }
        List<String> actions = strings(node.get("Action"), "Action");
        for (String action : actions) {
            if (!action.equals("*") && !action.toLowerCase(Locale.ROOT).startsWith("ses:")) {
                throw new InvalidPolicyException("Action " + action + " is not an SES action.");
            }
        }
        List<String> resources = strings(node.get("Resource"), "Resource");
        List<Condition> conditions = new ArrayList<>();
        JsonNode condition = node.get("Condition");
        if (condition != null) {
            if (!condition.isObject()) {
                throw new InvalidPolicyException("Condition must be a JSON object.");
            }
            Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
            while (operators.hasNext()) {
                Map.Entry<String, JsonNode> operator = operators.next();
                if (!Conditions.known(operator.getKey())) {
                    throw new InvalidPolicyException("Condition operator " + operator.getKey() + " is not supported.");
                }
                if (!operator.getValue().isObject()) {
                    throw new InvalidPolicyException("Condition " + operator.getKey() + " must map keys to values.");
                }
                Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
                while (keys.hasNext()) {
                    Map.Entry<String, JsonNode> key = keys.next();
                    conditions.add(new Condition(operator.getKey(), key.getKey(), strings(key.getValue(), "Condition value")));
                }
            }
        }
        return new Statement(effect.equals("Allow"), principals, actions, resources, conditions);
    }

    private static List<String> strings(JsonNode node, String what) throws InvalidPolicyException {
        if (node == null || node.isNull()) {
            throw new InvalidPolicyException("Statement must have " + what + ".");
        }
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isValueNode()) {
                    throw new InvalidPolicyException(what + " must be a string or a list of strings.");
                }
                values.add(item.asText());
            }
        } else if (node.isValueNode()) {
            values.add(node.asText());
        } else {
            throw new InvalidPolicyException(what + " must be a string or a list of strings.");
        }
        if (values.isEmpty()) {
            throw new InvalidPolicyException(what + " must not be empty.");
        }
        return values;
    }

    /** This policy's decision alone. */
    public Decision evaluate(AuthorizationRequest request) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (applies(statement, request)) {
                if (!statement.allow()) {
                    return Decision.DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.NOT_APPLICABLE;
    }

    /** The decision of all policies of an identity: any explicit Deny wins, then any Allow. */
    public static Decision evaluate(List<SendingPolicy> policies, AuthorizationRequest request) {
        Decision result = Decision.NOT_APPLICABLE;
        for (SendingPolicy policy : policies) {
            Decision decision = policy.evaluate(request);
            if (decision == Decision.DENY) {
                return Decision.DENY;
            }
            if (decision == Decision.ALLOW) {
                result = Decision.ALLOW;
            }
        }
        return result;
    }

    private static boolean applies(Statement statement, AuthorizationRequest request) {
        return statement.principals().stream().anyMatch(p -> principalMatches(p, request))
                && statement.actions().stream().anyMatch(a -> Wildcards.matches(a.toLowerCase(Locale.ROOT),
                        request.action().toLowerCase(Locale.ROOT)))
                && statement.resources().stream().anyMatch(r -> Wildcards.matches(r, request.resourceArn()))
                && statement.conditions().stream().allMatch(c -> Conditions.holds(c.operator(), c.values(),
                        contextValues(request, c.key())));
    }

    /** Condition keys are case-insensitive, as in IAM. */
    private static List<String> contextValues(AuthorizationRequest request, String key) {
        for (Map.Entry<String, List<String>> entry : request.context().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean principalMatches(String principal, AuthorizationRequest request) {
        return principal.equals("*")
                || principal.equals(request.callerAccountId())
                || principal.equals(request.callerArn());
    }
}

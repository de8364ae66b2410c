package dev.sesame.gateway.v2;

import static dev.sesame.gateway.v2.V1.params;
import static dev.sesame.gateway.v2.V1.upperSnake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.ses.v2.RestJsonCodec;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The email-identity operations of v2 over v1's identity actions: an identity created with v2 is one of v1's
 * (ListIdentities lists it), and a domain gets Easy DKIM at creation as v2 gives it.
 */
final class V2Identities {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private V2Identities() {
    }

    static Map<String, V2Operation> operations() {
        return Map.of("CreateEmailIdentity", V2Identities::create, "GetEmailIdentity", V2Identities::get,
                "ListEmailIdentities", V2Identities::list, "DeleteEmailIdentity", V2Identities::delete,
                "PutEmailIdentityDkimAttributes", V2Identities::putDkim, "PutEmailIdentityMailFromAttributes", V2Identities::putMailFrom);
    }

    private static boolean isEmail(String identity) {
        return identity.contains("@");
    }

    /** The identity's v1 verification attributes, or null when the tenant has no such identity. */
    private static Uni<JsonNode> verification(V1 v1, String identity) {
        return v1.call("GetIdentityVerificationAttributes", params().put("Identities.member.1", identity))
                .map(r -> r.path("VerificationAttributes").get(identity));
    }

    private static Uni<JsonNode> existing(V1 v1, String identity) {
        return verification(v1, identity).map(found -> {
            if (found == null) {
                throw V1.notFound("Email identity " + identity + " does not exist.");
            }
            return found;
        });
    }

    private static Uni<JsonNode> create(ObjectNode input, V1 v1) {
        String identity = input.get("EmailIdentity").asText();
        if (input.has("DkimSigningAttributes")) {
            return Uni.createFrom().failure(RestJsonCodec.badRequest(
                    "DkimSigningAttributes (Bring Your Own DKIM) is not supported by Sesame yet: omit it for Easy DKIM."));
        }
        return verification(v1, identity).chain(found -> {
            if (found != null) {
                return Uni.createFrom().failure(new dev.sesame.ses.protocol.SesException("AlreadyExistsException", 400,
                        "Email identity " + identity + " already exist."));
            }
            if (isEmail(identity)) {
                return v1.call("VerifyEmailIdentity", params().put("EmailAddress", identity)).map(r -> {
                    ObjectNode out = NODES.objectNode().put("IdentityType", "EMAIL_ADDRESS").put("VerifiedForSendingStatus", false);
                    out.putObject("DkimAttributes").put("SigningEnabled", false).put("Status", "NOT_STARTED");
                    return (JsonNode) out;
                });
            }
            return v1.call("VerifyDomainIdentity", params().put("Domain", identity))
                    .chain(r -> v1.call("VerifyDomainDkim", params().put("Domain", identity)))
                    .map(dkim -> {
                        ObjectNode out = NODES.objectNode().put("IdentityType", "DOMAIN").put("VerifiedForSendingStatus", false);
                        ObjectNode attributes = out.putObject("DkimAttributes").put("SigningEnabled", true).put("Status", "PENDING");
                        attributes.set("Tokens", dkim.path("DkimTokens"));
                        attributes.put("SigningAttributesOrigin", "AWS_SES").put("CurrentSigningKeyLength", "RSA_2048_BIT")
                                .put("NextSigningKeyLength", "RSA_2048_BIT");
                        return out;
                    });
        });
    }

    private static Uni<JsonNode> get(ObjectNode input, V1 v1) {
        String identity = input.get("EmailIdentity").asText();
        return existing(v1, identity).chain(verification -> {
            String status = upperSnake(verification.path("VerificationStatus").asText("Pending"));
            ObjectNode out = NODES.objectNode().put("IdentityType", isEmail(identity) ? "EMAIL_ADDRESS" : "DOMAIN")
                    .put("VerifiedForSendingStatus", status.equals("SUCCESS")).put("VerificationStatus", status);
            return v1.call("GetIdentityDkimAttributes", params().put("Identities.member.1", identity)).map(r -> {
                        JsonNode dkim = r.path("DkimAttributes").path(identity);
                        ObjectNode attributes = out.putObject("DkimAttributes")
                                .put("SigningEnabled", dkim.path("DkimEnabled").asBoolean(false))
                                .put("Status", upperSnake(dkim.path("DkimVerificationStatus").asText("NotStarted")));
                        if (dkim.has("DkimTokens")) {
                            attributes.set("Tokens", dkim.get("DkimTokens"));
                            attributes.put("SigningAttributesOrigin", "AWS_SES");
                        }
                        return out;
                    })
                    .chain(o -> v1.call("GetIdentityMailFromDomainAttributes", params().put("Identities.member.1", identity)))
                    .map(r -> {
                        JsonNode mailFrom = r.path("MailFromDomainAttributes").path(identity);
                        if (mailFrom.hasNonNull("MailFromDomain") && !mailFrom.get("MailFromDomain").asText().isEmpty()) {
                            out.putObject("MailFromAttributes").put("MailFromDomain", mailFrom.get("MailFromDomain").asText())
                                    .put("MailFromDomainStatus", upperSnake(mailFrom.path("MailFromDomainStatus").asText("Pending")))
                                    .put("BehaviorOnMxFailure", upperSnake(mailFrom.path("BehaviorOnMXFailure").asText("UseDefaultValue")));
                        }
                        return out;
                    })
                    .chain(o -> v1.call("GetIdentityNotificationAttributes", params().put("Identities.member.1", identity)))
                    .map(r -> out.put("FeedbackForwardingStatus", r.path("NotificationAttributes").path(identity)
                            .path("ForwardingEnabled").asBoolean(true)))
                    .chain(o -> v1.call("ListIdentityPolicies", params().put("Identity", identity)))
                    .chain(r -> r.path("PolicyNames").isEmpty() ? Uni.createFrom().item(NODES.objectNode())
                            : v1.call("GetIdentityPolicies", params().put("Identity", identity).list("PolicyNames", r.path("PolicyNames"))))
                    .map(r -> {
                        out.set("Policies", r.path("Policies").isObject() ? r.get("Policies") : NODES.objectNode());
                        out.putArray("Tags");
                        return (JsonNode) out;
                    });
        });
    }

    private static Uni<JsonNode> list(ObjectNode input, V1 v1) {
        return v1.call("ListIdentities", params().put("MaxItems", input.path("PageSize")).put("NextToken", input.path("NextToken")))
                .chain(page -> {
                    List<String> names = new ArrayList<>();
                    page.path("Identities").forEach(n -> names.add(n.asText()));
                    ObjectNode out = NODES.objectNode();
                    ArrayNode identities = out.putArray("EmailIdentities");
                    if (page.hasNonNull("NextToken")) {
                        out.put("NextToken", page.get("NextToken").asText());
                    }
                    if (names.isEmpty()) {
                        return Uni.createFrom().item((JsonNode) out);
                    }
                    V1.Params params = params();
                    for (int i = 0; i < names.size(); i++) {
                        params.put("Identities.member." + (i + 1), names.get(i));
                    }
                    return v1.call("GetIdentityVerificationAttributes", params).map(r -> {
                        for (String name : names) {
                            String status = upperSnake(r.path("VerificationAttributes").path(name).path("VerificationStatus").asText("Pending"));
                            identities.addObject().put("IdentityType", isEmail(name) ? "EMAIL_ADDRESS" : "DOMAIN").put("IdentityName", name)
                                    .put("SendingEnabled", status.equals("SUCCESS")).put("VerificationStatus", status);
                        }
                        return (JsonNode) out;
                    });
                });
    }

    private static Uni<JsonNode> delete(ObjectNode input, V1 v1) {
        String identity = input.get("EmailIdentity").asText();
        return existing(v1, identity).chain(found -> v1.call("DeleteIdentity", params().put("Identity", identity)))
                .map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> putDkim(ObjectNode input, V1 v1) {
        String identity = input.get("EmailIdentity").asText();
        return existing(v1, identity).chain(found -> v1.call("SetIdentityDkimEnabled", params().put("Identity", identity)
                .put("DkimEnabled", String.valueOf(input.path("SigningEnabled").asBoolean(false))))).map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> putMailFrom(ObjectNode input, V1 v1) {
        String identity = input.get("EmailIdentity").asText();
        String behavior = input.hasNonNull("BehaviorOnMxFailure") ? V1.camel(input.get("BehaviorOnMxFailure").asText(), true) : null;
        return existing(v1, identity).chain(found -> v1.call("SetIdentityMailFromDomain", params().put("Identity", identity)
                .put("MailFromDomain", input.path("MailFromDomain")).put("BehaviorOnMXFailure", behavior))).map(r -> (JsonNode) NODES.objectNode());
    }
}

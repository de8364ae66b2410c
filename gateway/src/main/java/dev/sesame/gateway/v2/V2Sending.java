package dev.sesame.gateway.v2;

import static dev.sesame.gateway.v2.V1.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.ses.v2.RestJsonCodec;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * v2's SendEmail (Simple, Raw and Template content) over SendEmail, SendRawEmail and SendTemplatedEmail, and GetAccount
 * over GetSendQuota.
 */
final class V2Sending {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private V2Sending() {
    }

    static Map<String, V2Operation> operations() {
        return Map.of("SendEmail", V2Sending::send, "GetAccount", V2Sending::account,
                "PutAccountSendingAttributes", (input, v1) -> v1.call("UpdateAccountSendingEnabled", params()
                        .put("Enabled", String.valueOf(input.path("SendingEnabled").asBoolean(false)))).map(r -> (JsonNode) NODES.objectNode()));
    }

    private static Uni<JsonNode> send(ObjectNode input, V1 v1) {
        JsonNode content = input.path("Content");
        V1.Params params = params().put("ConfigurationSetName", input.path("ConfigurationSetName"));
        int n = 1;
        for (JsonNode tag : input.path("EmailTags")) {
            params.put("Tags.member." + n + ".Name", tag.path("Name")).put("Tags.member." + n + ".Value", tag.path("Value"));
            n++;
        }
        JsonNode destination = input.path("Destination");
        if (content.has("Simple")) {
            JsonNode simple = content.get("Simple");
            Uni<JsonNode> refused = unsupported(simple, "Simple", "send it as Raw content", "Headers", "Attachments");
            if (refused != null) {
                return refused;
            }
            envelope(params, input)
                    .put("Message.Subject.Data", simple.path("Subject").path("Data"))
                    .put("Message.Subject.Charset", simple.path("Subject").path("Charset"))
                    .put("Message.Body.Text.Data", simple.path("Body").path("Text").path("Data"))
                    .put("Message.Body.Text.Charset", simple.path("Body").path("Text").path("Charset"))
                    .put("Message.Body.Html.Data", simple.path("Body").path("Html").path("Data"))
                    .put("Message.Body.Html.Charset", simple.path("Body").path("Html").path("Charset"));
            return v1.call("SendEmail", params).map(V2Sending::messageId);
        }
        if (content.has("Raw")) {
            n = 1;
            for (String kind : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                for (JsonNode address : destination.path(kind)) {
                    params.put("Destinations.member." + n++, address.asText());
                }
            }
            params.put("Source", input.path("FromEmailAddress")).put("SourceArn", input.path("FromEmailAddressIdentityArn"))
                    .put("ReturnPathArn", input.path("FeedbackForwardingEmailAddressIdentityArn"))
                    .put("RawMessage.Data", content.get("Raw").path("Data"));
            return v1.call("SendRawEmail", params).map(V2Sending::messageId);
        }
        if (content.has("Template")) {
            JsonNode template = content.get("Template");
            Uni<JsonNode> refused = unsupported(template, "Template", "name a stored template", "TemplateContent", "Headers", "Attachments");
            if (refused != null) {
                return refused;
            }
            envelope(params, input)
                    .put("Template", template.path("TemplateName")).put("TemplateArn", template.path("TemplateArn"))
                    .put("TemplateData", template.hasNonNull("TemplateData") ? template.get("TemplateData").asText() : "{}");
            return v1.call("SendTemplatedEmail", params).map(V2Sending::messageId);
        }
        return Uni.createFrom().failure(RestJsonCodec.badRequest("Content must have one of Simple, Raw or Template."));
    }

    /** SendEmail's and SendTemplatedEmail's shared envelope: source, destination, reply-to and their ARNs. */
    private static V1.Params envelope(V1.Params params, JsonNode input) {
        JsonNode destination = input.path("Destination");
        return params.put("Source", input.path("FromEmailAddress")).put("SourceArn", input.path("FromEmailAddressIdentityArn"))
                .put("ReturnPath", input.path("FeedbackForwardingEmailAddress"))
                .put("ReturnPathArn", input.path("FeedbackForwardingEmailAddressIdentityArn"))
                .list("Destination.ToAddresses", destination.path("ToAddresses"))
                .list("Destination.CcAddresses", destination.path("CcAddresses"))
                .list("Destination.BccAddresses", destination.path("BccAddresses"))
                .list("ReplyToAddresses", input.path("ReplyToAddresses"));
    }

    /** BadRequestException for the first member of {@code content} Sesame does not support yet; null when none is there. */
    private static Uni<JsonNode> unsupported(JsonNode content, String kind, String instead, String... members) {
        for (String member : members) {
            if (content.has(member)) {
                return Uni.createFrom().failure(RestJsonCodec.badRequest(kind + " content with " + member
                        + " is not supported by Sesame yet: " + instead + "."));
            }
        }
        return null;
    }

    private static JsonNode messageId(JsonNode result) {
        return NODES.objectNode().put("MessageId", result.path("MessageId").asText());
    }

    private static Uni<JsonNode> account(ObjectNode input, V1 v1) {
        return v1.call("GetSendQuota", params()).flatMap(quota -> v1.call("GetAccountSendingEnabled", params()).map(enabled -> {
            ObjectNode out = NODES.objectNode();
            out.putObject("SendQuota").put("Max24HourSend", quota.path("Max24HourSend").asDouble())
                    .put("MaxSendRate", quota.path("MaxSendRate").asDouble()).put("SentLast24Hours", quota.path("SentLast24Hours").asDouble());
            out.put("SendingEnabled", enabled.path("Enabled").asBoolean(true)).put("ProductionAccessEnabled", !v1.caller().sandbox())
                    .put("EnforcementStatus", "HEALTHY").put("DedicatedIpAutoWarmupEnabled", false);
            return out;
        }));
    }
}

package dev.sesame.gateway.v2;

import static dev.sesame.gateway.v2.V1.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Map;

/** v2's email templates over v1's templates: one store, so a template made with either is the other's too. */
final class V2Templates {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private V2Templates() {
    }

    static Map<String, V2Operation> operations() {
        return Map.of("CreateEmailTemplate", (input, v1) -> change("CreateTemplate", input, v1),
                "UpdateEmailTemplate", (input, v1) -> change("UpdateTemplate", input, v1),
                "GetEmailTemplate", V2Templates::get, "DeleteEmailTemplate", V2Templates::delete,
                "ListEmailTemplates", V2Templates::list, "TestRenderEmailTemplate", V2Templates::render);
    }

    private static Uni<JsonNode> change(String action, ObjectNode input, V1 v1) {
        JsonNode content = input.path("TemplateContent");
        return v1.call(action, params().put("Template.TemplateName", input.path("TemplateName"))
                .put("Template.SubjectPart", content.path("Subject")).put("Template.TextPart", content.path("Text"))
                .put("Template.HtmlPart", content.path("Html"))).map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> get(ObjectNode input, V1 v1) {
        return v1.call("GetTemplate", params().put("TemplateName", input.path("TemplateName"))).map(r -> {
            JsonNode template = r.path("Template");
            ObjectNode out = NODES.objectNode().put("TemplateName", template.path("TemplateName").asText());
            ObjectNode content = out.putObject("TemplateContent");
            for (String[] part : new String[][] {{"SubjectPart", "Subject"}, {"TextPart", "Text"}, {"HtmlPart", "Html"}}) {
                if (template.hasNonNull(part[0])) {
                    content.put(part[1], template.get(part[0]).asText());
                }
            }
            out.putArray("Tags");
            return out;
        });
    }

    /** v2 answers NotFoundException for a template that does not exist, where v1's DeleteTemplate says nothing. */
    private static Uni<JsonNode> delete(ObjectNode input, V1 v1) {
        return v1.call("GetTemplate", params().put("TemplateName", input.path("TemplateName")))
                .chain(found -> v1.call("DeleteTemplate", params().put("TemplateName", input.path("TemplateName"))))
                .map(r -> (JsonNode) NODES.objectNode());
    }

    private static Uni<JsonNode> list(ObjectNode input, V1 v1) {
        return v1.call("ListTemplates", params().put("MaxItems", input.path("PageSize")).put("NextToken", input.path("NextToken"))).map(r -> {
            ObjectNode out = NODES.objectNode();
            ArrayNode metadata = out.putArray("TemplatesMetadata");
            r.path("TemplatesMetadata").forEach(t -> metadata.addObject().put("TemplateName", t.path("Name").asText())
                    .put("CreatedTimestamp", Instant.parse(t.path("CreatedTimestamp").asText()).toEpochMilli() / 1000.0));
            if (r.hasNonNull("NextToken")) {
                out.put("NextToken", r.get("NextToken").asText());
            }
            return out;
        });
    }

    private static Uni<JsonNode> render(ObjectNode input, V1 v1) {
        return v1.call("TestRenderTemplate", params().put("TemplateName", input.path("TemplateName")).put("TemplateData", input.path("TemplateData")))
                .map(r -> (JsonNode) NODES.objectNode().put("RenderedTemplate", r.path("RenderedTemplate").asText()));
    }
}

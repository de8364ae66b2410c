package dev.sesame.ses.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds a value for any shape of the model with every member set, lists and maps of two, awkward text. */
final class SampleValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, String> PATTERNED = Map.of(
            "IAMRoleARN", "arn:aws:iam::123456789012:role/firehose-writer",
            "ConnectInstanceArn", "arn:aws:connect:us-east-1:123456789012:instance/0123abcd-0123-4567-89ab-0123456789ab");

    private final ServiceModel model = ServiceModel.ses();

    JsonNode of(String shapeName) {
        Shape shape = model.shape(shapeName);
        return switch (shape.type()) {
            case STRUCTURE -> {
                ObjectNode node = JSON.objectNode();
                shape.members().forEach((name, member) -> node.set(name, of(member)));
                yield node;
            }
            case LIST -> {
                ArrayNode array = JSON.arrayNode();
                array.add(of(shape.member()));
                array.add(of(shape.member()));
                yield array;
            }
            case MAP -> {
                ObjectNode map = JSON.objectNode();
                map.set("first key & <one>", of(shape.value()));
                map.set("second.key", of(shape.value()));
                yield map;
            }
            case STRING -> JSON.textNode(!shape.enumValues().isEmpty() ? shape.enumValues().get(shape.enumValues().size() - 1)
                    : PATTERNED.getOrDefault(shapeName, "v " + shapeName + " é&<>\"'+%=/\n"));
            case INTEGER -> JSON.numberNode(shape.min() != null ? shape.min().intValue() + 1 : 42);
            case LONG -> JSON.numberNode(9_000_000_000L);
            case DOUBLE -> JSON.numberNode(1.5);
            case BOOLEAN -> JSON.booleanNode(true);
            case TIMESTAMP -> JSON.textNode("2026-11-26T08:15:30.123Z");
            case BLOB -> JSON.textNode("AAEC/f7/SGVsbG8=");
        };
    }

    /** The input or output of an action that has none. */
    record Empty() {
        JsonNode node() {
            return JSON.objectNode();
        }
    }
}

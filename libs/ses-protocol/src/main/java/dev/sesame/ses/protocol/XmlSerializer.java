package dev.sesame.ses.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;

/** Renders any action's typed result, or any {@link SesException}, as the SES Query XML a client expects. */
public final class XmlSerializer {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final ServiceModel model;

    public XmlSerializer(ServiceModel model) {
        this.model = model;
    }

    /**
     * {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>};
     * members of {@code result} the output shape does not name are not rendered.
     */
    public String response(Operation operation, JsonNode result, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<").append(operation.name()).append("Response xmlns=\"").append(ServiceModel.XML_NAMESPACE).append("\">");
        if (operation.output() != null && operation.resultWrapper() != null) {
            xml.append('<').append(operation.resultWrapper()).append('>');
            if (result != null) {
                members(model.shape(operation.output()), result, xml);
            }
            xml.append("</").append(operation.resultWrapper()).append('>');
        }
        xml.append("<ResponseMetadata><RequestId>").append(escape(requestId)).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(operation.name()).append("Response>");
        return xml.toString();
    }

    /** {@code <ErrorResponse>} with Type, Code and Message, identical for every action. */
    public static String error(SesException error, String requestId) {
        return "<ErrorResponse xmlns=\"" + ServiceModel.XML_NAMESPACE + "\"><Error><Type>" + error.type()
                + "</Type><Code>" + escape(error.code()) + "</Code><Message>" + escape(error.getMessage())
                + "</Message></Error><RequestId>" + escape(requestId) + "</RequestId></ErrorResponse>";
    }

    private void members(Shape shape, JsonNode node, StringBuilder xml) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode value = node.get(member.getKey());
            if (value != null && !value.isNull()) {
                element(member.getKey(), model.shape(member.getValue()), value, xml);
            }
        }
    }

    private void element(String name, Shape shape, JsonNode value, StringBuilder xml) {
        xml.append('<').append(name).append('>');
        switch (shape.type()) {
            case STRUCTURE -> members(shape, value, xml);
            case LIST -> {
                Shape element = model.shape(shape.member());
                for (JsonNode item : value) {
                    element("member", element, item, xml);
                }
            }
            case MAP -> {
                Shape valueShape = model.shape(shape.value());
                Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    xml.append("<entry><key>").append(escape(entry.getKey())).append("</key>");
                    element("value", valueShape, entry.getValue(), xml);
                    xml.append("</entry>");
                }
            }
            case TIMESTAMP -> xml.append(ISO_MILLIS.format(Instant.parse(value.asText()).truncatedTo(ChronoUnit.MILLIS)));
            case DOUBLE -> xml.append(value.asDouble());
            case INTEGER, LONG -> xml.append(value.asLong());
            case BOOLEAN -> xml.append(value.asBoolean());
            default -> xml.append(escape(value.asText()));
        }
        xml.append("</").append(name).append('>');
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                case '\r' -> "&#xD;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}

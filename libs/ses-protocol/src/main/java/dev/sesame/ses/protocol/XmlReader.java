package dev.sesame.ses.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The mirror of {@link XmlSerializer}: reads an SES XML response back into the typed result, as SDKs do.
 */
public final class XmlReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ServiceModel model;

    public XmlReader(ServiceModel model) {
        this.model = model;
    }

    /** The result of a response, or throws the {@link SesException} an {@code <ErrorResponse>} carries. */
    public ObjectNode read(Operation operation, String xml) {
        Element root = parse(xml);
        if (root.getLocalName().equals("ErrorResponse")) {
            Element error = child(root, "Error");
            String code = text(child(error, "Code"));
            String type = text(child(error, "Type"));
            throw new SesException(code, type.equals("Receiver") ? 500 : 400, text(child(error, "Message")));
        }
        Element result = operation.resultWrapper() == null ? null : child(root, operation.resultWrapper());
        if (result == null || operation.output() == null) {
            return JSON.objectNode();
        }
        return structure(model.shape(operation.output()), result);
    }

    /** The request id of any response or error. */
    public static String requestId(String xml) {
        Element root = parse(xml);
        Element metadata = child(root, "ResponseMetadata");
        return text(child(metadata != null ? metadata : root, "RequestId"));
    }

    private ObjectNode structure(Shape shape, Element element) {
        ObjectNode node = JSON.objectNode();
        for (Element child : children(element)) {
            String shapeName = shape.members().get(child.getLocalName());
            if (shapeName != null) {
                node.set(child.getLocalName(), value(model.shape(shapeName), child));
            }
        }
        return node;
    }

    private JsonNode value(Shape shape, Element element) {
        return switch (shape.type()) {
            case STRUCTURE -> structure(shape, element);
            case LIST -> {
                ArrayNode array = JSON.arrayNode();
                for (Element member : children(element)) {
                    array.add(value(model.shape(shape.member()), member));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = JSON.objectNode();
                for (Element entry : children(element)) {
                    map.set(text(child(entry, "key")), value(model.shape(shape.value()), child(entry, "value")));
                }
                yield map;
            }
            case INTEGER -> JSON.numberNode(Integer.parseInt(text(element)));
            case LONG -> JSON.numberNode(Long.parseLong(text(element)));
            case DOUBLE -> JSON.numberNode(Double.parseDouble(text(element)));
            case BOOLEAN -> JSON.booleanNode(Boolean.parseBoolean(text(element)));
            case TIMESTAMP -> JSON.textNode(QueryParser.parseTimestamp("timestamp", text(element)).toString());
            default -> JSON.textNode(text(element));
        };
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("not an SES XML document", e);
        }
    }

    private static List<Element> children(Element element) {
        List<Element> children = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    private static Element child(Element element, String name) {
        for (Element child : children(element)) {
            if (child.getLocalName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent();
    }
}

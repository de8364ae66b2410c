package dev.sesame.sending.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.context.MapValueResolver;
import dev.sesame.ses.protocol.SesException;
import java.io.IOException;
import java.util.Map;

/**
 * Renders a template's parts as SES does, with Handlebars (handlebars.java): {@code {{var}}} (HTML-escaped, in every
 * part, as SES escapes), {@code {{{var}}}}, {@code {{#if}}}, {@code {{#each}}}, dotted paths; a variable the data
 * lacks renders empty. The data is a JSON object.
 */
public final class TemplateRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Handlebars HANDLEBARS = new Handlebars();

    /** A template's parts with the data put in. */
    public record Rendered(String subject, String text, String html) {
    }

    private TemplateRenderer() {
    }

    /** Whether each part parses; {@code InvalidTemplate} otherwise (as CreateTemplate answers). */
    public static void check(String name, String... parts) {
        for (String part : parts) {
            if (part != null) {
                try {
                    HANDLEBARS.compileInline(part);
                } catch (IOException | RuntimeException | StackOverflowError e) { // HandlebarsException among them
                    throw new SesException("InvalidTemplate", 400, "Invalid template " + name + ": " + firstLine(e.getMessage()));
                }
            }
        }
    }

    /** The template rendered with the JSON data; {@code InvalidRenderingParameter} when the data is not a JSON object. */
    public static Rendered render(Templates.Template template, String data) {
        Map<String, Object> values = values(template.name(), data);
        return new Rendered(part(template, template.subject(), values), part(template, template.text(), values),
                part(template, template.html(), values));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(String name, String data) {
        return JSON.convertValue(data(name, data), Map.class);
    }

    /** Template data as a JSON object (none: an empty one); {@code InvalidRenderingParameter} when it is not one. */
    public static ObjectNode data(String name, String data) {
        try {
            JsonNode parsed = JSON.readTree(data == null || data.isBlank() ? "{}" : data);
            if (parsed == null || !parsed.isObject()) {
                throw new SesException("InvalidRenderingParameter", 400, "Template data for " + name + " must be a JSON object.");
            }
            return (ObjectNode) parsed;
        } catch (JsonProcessingException e) {
            throw new SesException("InvalidRenderingParameter", 400, "Template data for " + name + " is not valid JSON.");
        }
    }

    private static String part(Templates.Template template, String part, Map<String, Object> values) {
        if (part == null) {
            return null;
        }
        try {
            return HANDLEBARS.compileInline(part).apply(Context.newBuilder(values).resolver(MapValueResolver.INSTANCE).build());
        } catch (IOException | RuntimeException | StackOverflowError e) { // HandlebarsException among them
            throw new SesException("InvalidTemplate", 400, "Invalid template " + template.name() + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

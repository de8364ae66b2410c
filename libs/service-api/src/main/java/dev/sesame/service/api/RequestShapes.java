package dev.sesame.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sesame.ses.protocol.ServiceModel;
import dev.sesame.ses.protocol.Shape;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds request records to the service model: each component is a member of the input shape under the member's name
 * (upper camel case, or {@link JsonProperty}), of the member's type, and every member has a component. Structures
 * are records checked the same way; lists are {@code List}s and maps {@code Map<String, V>}.
 */
public final class RequestShapes {

    private RequestShapes() {
    }

    /** The typed handlers a service registers, by action. */
    public static Map<String, Class<?>> typedRequests(Instance<SesActions> groups) {
        Map<String, Class<?>> requests = new TreeMap<>();
        groups.forEach(group -> group.actions().forEach((action, handler) -> {
            if (group.api().equals("ses") && handler instanceof SesAction.Typed<?> typed) {
                requests.put(action, typed.request());
            }
        }));
        return requests;
    }

    /** The {@code <Action>Request} records a service's request class declares, by action. */
    public static Map<String, Class<?>> declaredRequests(Class<?> requests) {
        Map<String, Class<?>> declared = new TreeMap<>();
        for (Class<?> nested : requests.getDeclaredClasses()) {
            if (nested.isRecord() && nested.getSimpleName().endsWith("Request")) {
                declared.put(nested.getSimpleName().substring(0, nested.getSimpleName().length() - "Request".length()), nested);
            }
        }
        return declared;
    }

    /** What differs between an action's request record and its input shape; empty when they agree. */
    public static List<String> mismatches(ServiceModel model, String action, Class<?> request) {
        List<String> problems = new ArrayList<>();
        String input = model.operation(action).orElseThrow(() -> new IllegalArgumentException("no action " + action)).input();
        if (input == null) {
            if (!request.isRecord() || request.getRecordComponents().length > 0) {
                problems.add(action + ": takes no input, so its request is a record without components");
            }
            return problems;
        }
        structure(model, model.shape(input), request, action, problems);
        return problems;
    }

    private static void structure(ServiceModel model, Shape shape, Class<?> type, String path, List<String> problems) {
        if (!type.isRecord()) {
            problems.add(path + ": " + type.getSimpleName() + " is not a record for structure " + shape.name());
            return;
        }
        JsonNaming naming = type.getAnnotation(JsonNaming.class);
        if (naming == null || naming.value() != PropertyNamingStrategies.UpperCamelCaseStrategy.class) {
            problems.add(path + ": " + type.getSimpleName() + " lacks @JsonNaming(UpperCamelCaseStrategy.class)");
        }
        Set<String> unmatched = new TreeSet<>(shape.members().keySet());
        for (RecordComponent component : type.getRecordComponents()) {
            String member = memberName(component);
            String memberShape = shape.members().get(member);
            if (memberShape == null) {
                problems.add(path + "." + member + ": not a member of " + shape.name());
                continue;
            }
            unmatched.remove(member);
            value(model, model.shape(memberShape), component.getGenericType(), path + "." + member, problems);
        }
        unmatched.forEach(member -> problems.add(path + "." + member + ": member of " + shape.name() + " has no component"));
    }

    private static void value(ServiceModel model, Shape shape, Type type, String path, List<String> problems) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        boolean fits = switch (shape.type()) {
            case STRUCTURE -> {
                structure(model, shape, raw, path, problems);
                yield true;
            }
            case LIST -> {
                if (raw != List.class || !(type instanceof ParameterizedType p)) {
                    yield false;
                }
                value(model, model.shape(shape.member()), p.getActualTypeArguments()[0], path + "[]", problems);
                yield true;
            }
            case MAP -> {
                if (raw != Map.class || !(type instanceof ParameterizedType p) || p.getActualTypeArguments()[0] != String.class) {
                    yield false;
                }
                value(model, model.shape(shape.value()), p.getActualTypeArguments()[1], path + "{}", problems);
                yield true;
            }
            case STRING, BLOB -> raw == String.class;
            case BOOLEAN -> raw == Boolean.class;
            case INTEGER -> raw == Integer.class;
            case LONG -> raw == Long.class;
            case DOUBLE -> raw == Double.class;
            case TIMESTAMP -> raw == Instant.class || raw == String.class;
        };
        if (!fits) {
            problems.add(path + ": " + type.getTypeName() + " does not hold a " + shape.type() + " (" + shape.name() + ")");
        }
    }

    private static String memberName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null && component.getDeclaringRecord() != null) {
            try {
                property = component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                property = null;
            }
        }
        if (property != null && !property.value().isEmpty()) {
            return property.value();
        }
        String name = component.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}

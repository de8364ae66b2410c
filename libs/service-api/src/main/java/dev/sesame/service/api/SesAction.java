package dev.sesame.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.util.function.BiFunction;

/** The handler of one SES action: the request in, a result serialized with the model's member names out. */
@FunctionalInterface
public interface SesAction {

    Uni<?> handle(Caller caller, JsonNode input);

    /**
     * A handler that takes its action's request record ({@code <Action>Request}, components named after the model's
     * members), decoded once from the gateway's JSON; the service's request-shape test holds the record equal to the
     * model's input shape.
     */
    static <R> Typed<R> typed(Class<R> request, BiFunction<Caller, R, Uni<?>> handler) {
        return new Typed<>(request, handler);
    }

    /** A handler of a typed request. */
    record Typed<R>(Class<R> request, BiFunction<Caller, R, Uni<?>> handler) implements SesAction {

        @Override
        public Uni<?> handle(Caller caller, JsonNode input) {
            return handler.apply(caller, Requests.decode(input, request));
        }
    }
}

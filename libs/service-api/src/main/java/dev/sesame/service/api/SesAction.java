package dev.sesame.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/** The handler of one SES action: the typed request in, a result serialized with the model's member names out. */
@FunctionalInterface
public interface SesAction {

    Uni<?> handle(Caller caller, JsonNode input);
}

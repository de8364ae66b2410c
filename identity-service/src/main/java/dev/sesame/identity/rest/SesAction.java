package dev.sesame.identity.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/** The handler of one SES action this service owns; its result is serialized with the model's member names. */
public interface SesAction {

    /** The SES action name, e.g. {@code VerifyEmailIdentity}. */
    String name();

    Uni<?> handle(Caller caller, JsonNode input);
}

package dev.sesame.service.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sesame.ses.protocol.SesException;

/** Decodes the gateway's JSON (already checked against the service model), or an event's copy of a request, into its request record. */
public final class Requests {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Requests() {
    }

    public static <R> R decode(JsonNode input, Class<R> type) {
        try {
            return JSON.treeToValue(input == null ? JSON.createObjectNode() : input, type);
        } catch (Exception e) {
            // The gateway parsed the request by the model: a request that does not fit its record is a client's odd value.
            throw SesException.invalidParameterValue("The request could not be read.");
        }
    }
}

package dev.sesame.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.ses.protocol.SesException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/** A list's NextToken: the key of the page's last item, base64url, opaque to clients. */
public final class NextTokens {

    private NextTokens() {
    }

    public static String of(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The key the request's NextToken stands for, or null without one; InvalidParameterValue for a token this API did not give. */
    public static String after(JsonNode input) {
        return after(input, () -> SesException.invalidParameterValue("The NextToken is not one this API gave."));
    }

    public static String after(JsonNode input, Supplier<SesException> invalid) {
        if (!input.hasNonNull("NextToken")) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(input.get("NextToken").asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid.get();
        }
    }
}

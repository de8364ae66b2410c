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

    /** The key a request's NextToken stands for, or null without one; InvalidParameterValue for a token this API did not give. */
    public static String after(String nextToken) {
        return after(nextToken, () -> SesException.invalidParameterValue("The NextToken is not one this API gave."));
    }

    public static String after(String nextToken, Supplier<SesException> invalid) {
        if (nextToken == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid.get();
        }
    }

    /** The same, of an untyped request's {@code NextToken} member. */
    public static String after(JsonNode input) {
        return after(input.hasNonNull("NextToken") ? input.get("NextToken").asText() : null);
    }

    public static String after(JsonNode input, Supplier<SesException> invalid) {
        return after(input.hasNonNull("NextToken") ? input.get("NextToken").asText() : null, invalid);
    }
}

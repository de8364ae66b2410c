package dev.sesame.gateway.v2;

import java.util.Map;

/**
 * The account-level suppression list, which v1 does not have: the sending service owns it and answers in v2's
 * shapes, so these operations pass their checked input straight through.
 */
final class V2Suppression {

    private V2Suppression() {
    }

    static Map<String, V2Operation> operations() {
        return Map.of("PutSuppressedDestination", (input, v1) -> v1.direct("PutSuppressedDestination", input),
                "GetSuppressedDestination", (input, v1) -> v1.direct("GetSuppressedDestination", input),
                "DeleteSuppressedDestination", (input, v1) -> v1.direct("DeleteSuppressedDestination", input),
                "ListSuppressedDestinations", (input, v1) -> v1.direct("ListSuppressedDestinations", input));
    }
}

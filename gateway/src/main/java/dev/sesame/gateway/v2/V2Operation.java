package dev.sesame.gateway.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

/** One SES v2 operation: its checked input in, its output out, through v1 calls. */
@FunctionalInterface
interface V2Operation {
    Uni<? extends JsonNode> run(ObjectNode input, V1 v1);
}

package dev.sesame.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The internal API for KMS's operations ({@code /internal/kms/<operation>}), answered by the action groups whose
 * {@link SesActions#api()} is {@code kms}, with the same caller and error body as the SES actions.
 */
@Path("/internal/kms")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class KmsActionResource {

    private final SesActionResource actions;

    public KmsActionResource(SesActionResource actions) {
        this.actions = actions;
    }

    @POST
    @Path("{operation}")
    public Uni<Response> handle(@PathParam("operation") String name, @Context RoutingContext request, JsonNode input) {
        return actions.dispatch("kms", name, InternalAccess.claims(request), input);
    }
}

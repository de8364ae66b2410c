package dev.sesame.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.security.InternalToken;
import dev.sesame.security.WarmUp;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The internal API the gateway calls: one POST per SES action ({@code /internal/ses/<action>}; KMS's operations
 * at {@link KmsActionResource}), the typed request as JSON, the result as JSON; the caller is the tenant the
 * gateway's token names ({@link InternalAccess} checked it).
 *
 * <p>An action this service does not own answers 404, which the gateway turns into the API's "not implemented".
 */
@Path("/internal/ses")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SesActionResource {

    private static final Logger LOG = Logger.getLogger(SesActionResource.class);

    private final Map<String, SesAction> actions;

    public SesActionResource(Instance<SesActions> groups) {
        this.actions = groups.stream().flatMap(group -> group.actions().entrySet().stream()
                        .map(action -> Map.entry(group.api() + "/" + action.getKey(), action.getValue())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @POST
    @Path("{action}")
    public Uni<Response> handle(@PathParam("action") String name, @Context RoutingContext request, JsonNode input) {
        return dispatch("ses", name, InternalAccess.claims(request), input);
    }

    /** One action of an API ({@code ses} or {@code kms}) for the tenant the gateway's token names. */
    Uni<Response> dispatch(String api, String name, InternalToken.Claims claims, JsonNode input) {
        SesAction action = actions.get(api + "/" + name);
        if (action == null) {
            return Uni.createFrom().item(Response.status(404).build());
        }
        if (claims.warmUp() && !(api.equals("ses") && name.equals(WarmUp.ACTION))) {
            return Uni.createFrom().item(error(new SesException("AccessDenied", 403, "A warm-up request may only be " + WarmUp.ACTION + ".")));
        }
        Caller caller = new Caller(claims.account(), claims.region(), claims.requestId(), claims.sandbox(), claims.max24HourSend(),
                claims.maxSendRate());
        return Uni.createFrom().deferred(() -> action.handle(caller, input))
                .map(result -> Response.ok(result == null ? Map.of() : result).build())
                .onFailure().recoverWithItem(SesActionResource::error);
    }

    private static Response error(Throwable failure) {
        if (failure instanceof SesException e) {
            return Response.status(e.httpStatus())
                    .entity(Map.of("code", e.code(), "message", e.getMessage(), "status", e.httpStatus())).build();
        }
        LOG.error("internal failure", failure);
        return Response.status(500).entity(Map.of("code", "InternalFailure",
                "message", "The request processing has failed because of an unknown error.", "status", 500)).build();
    }
}

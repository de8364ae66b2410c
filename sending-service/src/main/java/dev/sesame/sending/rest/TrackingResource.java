package dev.sesame.sending.rest;

import dev.sesame.sending.tracking.Tracking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A tracking pixel or link, as the gateway relays it from its public {@code /t/o/<token>} and {@code /t/c/<token>}. */
@Path("/internal/tracking")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrackingResource {

    private final Tracking tracking;

    public record Followed(String kind, String token, String ipAddress, String userAgent) {
    }

    public TrackingResource(Tracking tracking) {
        this.tracking = tracking;
    }

    /** 200 with the link to redirect to (a click) once the Open or Click record is durable; 404 for a token Sesame did not sign. */
    @POST
    public Uni<Response> follow(Followed request) {
        if (request == null || request.token() == null || !"open".equals(request.kind()) && !"click".equals(request.kind())) {
            return Uni.createFrom().item(Response.status(400).entity(Map.of("message", "kind (open or click) and token are required")).build());
        }
        return tracking.follow(request.kind(), request.token(), request.ipAddress(), request.userAgent())
                .map(hit -> hit.map(h -> Response.ok(h.link() == null ? Map.of() : Map.of("link", h.link())).build())
                        .orElseGet(() -> Response.status(404).entity(Map.of("message", "This link is not Sesame's.")).build()));
    }
}

package dev.sesame.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.ses.protocol.ActionOwners;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.security.InternalToken;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The public side of open and click tracking: {@code /t/o/<token>} answers a 1×1 GIF, {@code /t/c/<token>} redirects to
 * the link the token was made for; the sending service records the Open or Click (and only its answer says where a
 * click goes, so nothing here redirects to a link Sesame did not write).
 */
@Path("/t")
public class TrackingPage {

    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final ServiceClient services;
    private final ObjectMapper json;

    public TrackingPage(ServiceClient services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    /** The pixel, whatever the service says: a mail client shows an image either way. */
    @GET
    @Path("o/{token}")
    public Uni<Response> open(@PathParam("token") String token, @Context RoutingContext request) {
        return follow("open", token, request).map(answer -> pixel()).onFailure().recoverWithItem(failure -> pixel());
    }

    @GET
    @Path("c/{token}")
    public Uni<Response> click(@PathParam("token") String token, @Context RoutingContext request) {
        return follow("click", token, request).map(answer -> {
            try {
                JsonNode body = json.readTree(answer.bodyAsString());
                String link = body.path("link").asText("");
                if (answer.statusCode() == 200 && (link.startsWith("https://") || link.startsWith("http://"))) {
                    return Response.status(302).location(URI.create(link)).build();
                }
            } catch (Exception e) {
                // not a link: below
            }
            return Response.status(404).type("text/plain").entity("This link is not valid.").build();
        }).onFailure().recoverWithItem(failure -> Response.status(503).type("text/plain")
                .entity("This link cannot be followed right now. Please try again later.").build());
    }

    private Uni<io.vertx.mutiny.ext.web.client.HttpResponse<io.vertx.mutiny.core.buffer.Buffer>> follow(String kind, String token,
                                                                                                        RoutingContext request) {
        Map<String, String> body = new HashMap<>();
        body.put("kind", kind);
        body.put("token", token);
        body.put("ipAddress", request.request().remoteAddress() == null ? "" : request.request().remoteAddress().hostAddress());
        String agent = request.request().getHeader("User-Agent");
        body.put("userAgent", agent == null ? "" : agent);
        return services.post(ActionOwners.SENDING, InternalToken.Role.relay, "tracking", body);
    }

    private static Response pixel() {
        return Response.ok(PIXEL, "image/gif").header("Cache-Control", "no-cache, no-store, must-revalidate").build();
    }
}

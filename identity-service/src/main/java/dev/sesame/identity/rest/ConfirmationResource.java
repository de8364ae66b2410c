package dev.sesame.identity.rest;

import dev.sesame.identity.service.ConfirmationMail;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Following a confirmation link, as the gateway forwards it from its public {@code /confirmations/<token>}. */
@Path("/internal/confirmations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfirmationResource {

    private final ConfirmationMail confirmations;

    public record Follow(String token) {
    }

    public ConfirmationResource(ConfirmationMail confirmations) {
        this.confirmations = confirmations;
    }

    /** 200 when the link verified its address; 404 for an unknown or used link; 410 for an expired one. */
    @POST
    public Uni<Response> follow(Follow request) {
        if (request == null || request.token() == null || request.token().isBlank()) {
            return Uni.createFrom().item(Response.status(400).entity(Map.of("message", "token is required")).build());
        }
        return confirmations.confirm(request.token()).map(confirmation -> switch (confirmation.outcome()) {
            case VERIFIED -> Response.ok(withRedirect(Map.of("identity", confirmation.identity(), "verificationStatus", "Success",
                    "message", "Congratulations! You have successfully verified " + confirmation.identity() + "."), confirmation)).build();
            case EXPIRED -> Response.status(410).entity(withRedirect(Map.of("identity", confirmation.identity(),
                    "message", "This link has expired. Ask for verification again to get a new link."), confirmation)).build();
            case UNKNOWN_OR_USED -> Response.status(404).entity(Map.of(
                    "message", "This link is not valid, or it was already used.")).build();
        });
    }

    /** A custom verification email's redirection URL for the outcome, for the gateway's page to send the browser to. */
    private static Map<String, String> withRedirect(Map<String, String> answer, ConfirmationMail.Confirmation confirmation) {
        if (confirmation.redirect() == null || confirmation.redirect().isEmpty()) {
            return answer;
        }
        Map<String, String> out = new java.util.HashMap<>(answer);
        out.put("redirect", confirmation.redirect());
        return out;
    }
}

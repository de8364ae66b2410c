package dev.sesame.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesame.ses.protocol.ActionOwners;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.security.InternalToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The public page a confirmation link opens: it verifies the address (once, within 24 hours) and says what happened. */
@Path("/confirmations")
public class ConfirmationPage {

    private final ServiceClient services;
    private final ObjectMapper json;

    public ConfirmationPage(ServiceClient services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    @GET
    @Path("{token}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> follow(@PathParam("token") String token) {
        return services.post(ActionOwners.IDENTITY, InternalToken.Role.relay, "confirmations", Map.of("token", token))
                .map(answer -> page(answer.statusCode(), answer.bodyAsString()))
                .onFailure().recoverWithItem(failure -> page(503,
                        "{\"message\":\"Verification is unavailable right now. Please try the link again later.\"}"));
    }

    private Response page(int status, String body) {
        String message;
        try {
            JsonNode answer = json.readTree(body);
            message = answer.path("message").asText("Something went wrong.");
            // A custom verification email's SuccessRedirectionURL or FailureRedirectionURL.
            String redirect = answer.path("redirect").asText("");
            if (redirect.startsWith("https://") || redirect.startsWith("http://")) {
                return Response.seeOther(java.net.URI.create(redirect)).build();
            }
        } catch (Exception e) {
            message = "Something went wrong.";
        }
        String title = status == 200 ? "Email address verified" : "Email address not verified";
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>" + title
                + "</h1><p>" + escape(message) + "</p></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html).build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

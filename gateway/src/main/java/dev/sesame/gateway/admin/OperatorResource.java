package dev.sesame.gateway.admin;

import dev.sesame.gateway.routing.ActionRoutes;
import dev.sesame.gateway.routing.ServiceClient;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Operator actions (role {@code operator}, or the launcher's operator token): marking an identity verified by hand
 * (recorded, never silent), running DNS checks now, subscribing endpoints to SNS-style topics, registering
 * Lambda-style functions and WorkMail organizations.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OperatorResource {

    private final AdminAccess access;
    private final ServiceClient services;

    public record MarkVerified(String accountId, String identity) {
    }

    public OperatorResource(AdminAccess access, ServiceClient services) {
        this.access = access;
        this.services = services;
    }

    @POST
    @Path("verified-identities")
    public Uni<Response> markVerified(@HeaderParam("Authorization") String authorization, MarkVerified request) {
        return forward(authorization, "admin/verified-identities", request);
    }

    /** Runs the DNS verification pass now rather than at its next interval. */
    @POST
    @Path("dns-checks")
    public Uni<Response> checkDns(@HeaderParam("Authorization") String authorization) {
        return forward(authorization, "admin/dns-checks", Map.of());
    }

    /** Subscribes an endpoint ({@code http}, {@code https} or {@code kafka}) to an SNS-style topic. */
    @POST
    @Path("subscriptions")
    public Uni<Response> subscribe(@HeaderParam("Authorization") String authorization, Map<String, String> request) {
        return forward(authorization, ActionRoutes.EVENTS, "admin/subscriptions", request);
    }

    /** Registers a Lambda-style function: its ARN and the HTTP endpoint that answers it (receipt rules' Lambda actions). */
    @POST
    @Path("functions")
    public Uni<Response> registerFunction(@HeaderParam("Authorization") String authorization, Map<String, String> request) {
        return forward(authorization, ActionRoutes.RECEIPT, "admin/functions", request);
    }

    /** Registers a WorkMail organization: its ARN and the SMTP host its mail is forwarded to (receipt rules' WorkMail actions). */
    @POST
    @Path("workmail-organizations")
    public Uni<Response> registerOrganization(@HeaderParam("Authorization") String authorization, Map<String, String> request) {
        return forward(authorization, ActionRoutes.RECEIPT, "admin/workmail-organizations", request);
    }

    private Uni<Response> forward(String authorization, String path, Object body) {
        return forward(authorization, ActionRoutes.IDENTITY, path, body);
    }

    /** Operators only: these act across tenants. */
    private Uni<Response> forward(String authorization, String service, String path, Object body) {
        return access.guard(authorization, AdminAccess.Principal::operator, principal -> services.post(service, path, body)
                .map(answer -> Response.status(answer.statusCode()).entity(answer.bodyAsString()).build())
                .onFailure().recoverWithItem(failure -> Response.status(503)
                        .entity(Map.of("message", "the " + service + " service is unavailable")).build()));
    }
}

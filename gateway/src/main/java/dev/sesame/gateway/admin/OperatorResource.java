package dev.sesame.gateway.admin;

import dev.sesame.gateway.routing.ActionRoutes;
import dev.sesame.gateway.routing.ServiceClient;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Operator actions (role {@code operator}, or the launcher's operator token): marking an identity verified by hand
 * (recorded, never silent), running DNS checks now, and the registries the services own: subscriptions to SNS-style
 * topics and Firehose-style delivery streams (events), Lambda-style functions, WorkMail organizations and
 * S3-compatible buckets (receipt).
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

    /** Registers where a tenant's Firehose-style delivery stream writes: local, an HTTP endpoint or an S3-compatible store. */
    @POST
    @Path("delivery-streams")
    public Uni<Response> registerDeliveryStream(@HeaderParam("Authorization") String authorization, Map<String, String> request) {
        return forward(authorization, ActionRoutes.EVENTS, "admin/delivery-streams", request);
    }

    /** Registers a tenant's bucket of an S3-compatible store for its receipt rules' S3 actions. */
    @POST
    @Path("buckets")
    public Uni<Response> registerBucket(@HeaderParam("Authorization") String authorization, Map<String, String> request) {
        return forward(authorization, ActionRoutes.RECEIPT, "admin/buckets", request);
    }

    /** Lists a registry: subscriptions (?topicArn=), functions, workmail-organizations, delivery-streams and buckets (?accountId=). */
    @GET
    @Path("{registry: subscriptions|functions|workmail-organizations|delivery-streams|buckets}")
    public Uni<Response> list(@HeaderParam("Authorization") String authorization, @PathParam("registry") String registry,
                              @Context UriInfo uri) {
        String service = registry.equals("subscriptions") || registry.equals("delivery-streams") ? ActionRoutes.EVENTS : ActionRoutes.RECEIPT;
        String query = uri.getRequestUri().getRawQuery();
        return access.guard(authorization, AdminAccess.Principal::operator, principal -> services.get(service,
                        "admin/" + registry + (query == null ? "" : "?" + query))
                .map(answer -> Response.status(answer.statusCode()).entity(answer.bodyAsString()).build())
                .onFailure().recoverWithItem(failure -> Response.status(503)
                        .entity(Map.of("message", "the " + service + " service is unavailable")).build()));
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

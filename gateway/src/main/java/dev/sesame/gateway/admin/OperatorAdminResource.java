package dev.sesame.gateway.admin;

import dev.sesame.ses.protocol.ActionOwners;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.security.InternalToken;
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
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Operator actions (role {@code operator}, or the launcher's operator token): marking an identity verified by hand
 * (recorded, never silent), running DNS checks now, and the registries the services own: subscriptions to SNS-style
 * topics and Firehose-style delivery streams (events), Lambda-style functions, WorkMail organizations and
 * S3-compatible buckets (receipt); and every tenant's metrics for a Prometheus scraper.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OperatorAdminResource {

    private final AdminAccess access;
    private final ServiceClient services;

    public record MarkVerified(String accountId, String identity) {
    }

    public OperatorAdminResource(AdminAccess access, ServiceClient services) {
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

    /** The registries the services own, by path: which service keeps each. */
    private static final Map<String, String> REGISTRIES = Map.of(
            "subscriptions", ActionOwners.EVENTS,           // {topicArn, protocol: http|https|kafka, endpoint}
            "delivery-streams", ActionOwners.EVENTS,        // {deliveryStreamArn, type: local|http|s3, url, bucket, region, accessKey, secretKey}
            "functions", ActionOwners.RECEIPT,              // {functionArn, endpoint}
            "workmail-organizations", ActionOwners.RECEIPT, // {organizationArn, smtpHost}
            "buckets", ActionOwners.RECEIPT);               // {accountId, bucketName, url, region, accessKey, secretKey}
    private static final String REGISTRY = "{registry: subscriptions|delivery-streams|functions|workmail-organizations|buckets}";

    /** Registers an entry in a registry, delegated to the service that keeps it. */
    @POST
    @Path(REGISTRY)
    public Uni<Response> register(@HeaderParam("Authorization") String authorization, @PathParam("registry") String registry,
                                  Map<String, String> request) {
        String service = REGISTRIES.get(registry);
        return relay(authorization, service, () -> services.post(service, InternalToken.Role.operator, "admin/" + registry, request));
    }

    /** Lists a registry: subscriptions {@code ?topicArn=}, delivery streams and buckets {@code ?accountId=}. */
    @GET
    @Path(REGISTRY)
    public Uni<Response> list(@HeaderParam("Authorization") String authorization, @PathParam("registry") String registry,
                              @Context UriInfo uri) {
        String service = REGISTRIES.get(registry);
        String query = uri.getRequestUri().getRawQuery();
        return relay(authorization, service, () -> services.get(service, "admin/" + registry + (query == null ? "" : "?" + query)));
    }

    /** Every tenant's metrics in the Prometheus text format (a scraper sends the operator's bearer token). */
    @GET
    @Path("metrics/prometheus")
    @Produces("text/plain; version=0.0.4")
    public Uni<Response> prometheus(@HeaderParam("Authorization") String authorization) {
        return relay(authorization, ActionOwners.EVENTS, () -> services.get(ActionOwners.EVENTS, "admin/metrics/prometheus"));
    }

    private Uni<Response> forward(String authorization, String path, Object body) {
        return relay(authorization, ActionOwners.IDENTITY, () -> services.post(ActionOwners.IDENTITY, InternalToken.Role.operator, path, body));
    }

    /** Operators only (these act across tenants): the service's answer as it is, or 503 when it does not answer. */
    private Uni<Response> relay(String authorization, String service, Supplier<Uni<HttpResponse<Buffer>>> call) {
        return access.guard(authorization, AdminAccess.Principal::operator, principal -> AdminAccess.relayed(service, call.get()));
    }
}

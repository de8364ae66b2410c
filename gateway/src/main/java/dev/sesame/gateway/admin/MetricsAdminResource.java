package dev.sesame.gateway.admin;

import dev.sesame.ses.protocol.ActionOwners;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.gateway.tenant.TenantDirectory;
import dev.sesame.security.InternalToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * One tenant's CloudWatch-style metrics from the events service, for its tenant admin or an operator (every
 * tenant's series in the Prometheus format are an operator's, {@link OperatorAdminResource}).
 */
@Path("/admin/tenants/{accountId}/metrics")
public class MetricsAdminResource {

    private final AdminAccess access;
    private final ServiceClient services;
    private final TenantDirectory directory;

    public MetricsAdminResource(AdminAccess access, ServiceClient services, TenantDirectory directory) {
        this.access = access;
        this.services = services;
        this.directory = directory;
    }

    /** {@code ?metric=Send&start=…&end=…} (ISO 8601), as the events service answers it. */
    @GET
    public Uni<Response> query(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId,
                               @Context UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return access.guard(authorization, principal -> principal.mayActOn(accountId), principal -> directory.find(accountId)
                .chain(tenant -> tenant == null
                        ? AdminAccess.refuse(404, "no tenant " + accountId)
                        : AdminAccess.relayed(ActionOwners.EVENTS, services.get(ActionOwners.EVENTS, InternalToken.Claims.tenant(ActionOwners.EVENTS, tenant.accountId,
                                tenant.region, null, tenant.sandbox, tenant.max24HourSend, tenant.maxSendRate),
                                "metrics/query" + (query == null ? "" : "?" + query)))));
    }
}

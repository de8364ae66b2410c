package dev.sesame.gateway.admin;

import dev.sesame.gateway.tenant.TenantDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The operator's tenant API: create and list tenants. Guarded by the static operator token until Keycloak
 * roles take over (issue 7).
 */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantAdminResource {

    private final TenantDirectory directory;
    private final OperatorToken operator;

    /** A request to create a tenant; region defaults to us-east-1, sandbox to true as in SES. */
    public record CreateTenant(String name, String region, Boolean sandbox) {
    }

    public TenantAdminResource(TenantDirectory directory, OperatorToken operator) {
        this.directory = directory;
        this.operator = operator;
    }

    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, CreateTenant request) {
        if (!operator.matches(authorization)) {
            return Uni.createFrom().item(OperatorToken.refusal());
        }
        if (request == null || request.name() == null || !request.name().matches("[A-Za-z0-9_.-]{1,64}")) {
            return Uni.createFrom().item(Response.status(400)
                    .entity(Map.of("message", "name is required: 1-64 of A-Z a-z 0-9 _ . -")).build());
        }
        return directory.create(request.name(), request.region() == null ? "us-east-1" : request.region(),
                        request.sandbox() == null || request.sandbox(), null, null, null)
                .map(created -> Response.status(201).entity(created).build())
                .onFailure().recoverWithItem(failure -> Response.status(409)
                        .entity(Map.of("message", "a tenant named " + request.name() + " exists")).build());
    }

    @GET
    public Uni<Response> list(@HeaderParam("Authorization") String authorization) {
        if (!operator.matches(authorization)) {
            return Uni.createFrom().item(OperatorToken.refusal());
        }
        return directory.list().map(tenants -> Response.ok(tenants.stream().map(t -> Map.of("accountId", t.accountId,
                "name", t.name, "region", t.region, "sandbox", t.sandbox)).toList()).build());
    }
}

package dev.sesame.gateway.admin;

import dev.sesame.gateway.auth.SmtpPassword;
import dev.sesame.gateway.tenant.Tenant;
import dev.sesame.gateway.tenant.TenancyLog;
import dev.sesame.gateway.tenant.TenantDirectory;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tenants and their access keys. Operators create, change, suspend and resume tenants and manage every tenant's
 * keys; a tenant admin sees its own tenant and manages its keys. A key's secret is shown once, when it is made.
 */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "tenants", description = "Tenants (accounts) and their access keys")
public class TenantAdminResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    private final TenantDirectory directory;
    private final AdminAccess access;

    /** A request to create a tenant; region defaults to us-east-1, sandbox to true as in SES. */
    public record CreateTenant(String name, String region, Boolean sandbox) {
    }

    /** What an operator may change; absent fields stay as they are. */
    public record UpdateTenant(Double max24HourSend, Double maxSendRate, Boolean sandbox) {
    }

    public TenantAdminResource(TenantDirectory directory, AdminAccess access) {
        this.directory = directory;
        this.access = access;
    }

    @POST
    @Operation(summary = "Create a tenant with its first access key (operator)")
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, CreateTenant request) {
        return access.guard(authorization, AdminAccess.Principal::operator, principal -> {
            if (request == null || request.name() == null || !NAME.matcher(request.name()).matches()) {
                return bad("name is required: 1-64 of A-Z a-z 0-9 _ . -");
            }
            if (request.region() != null && !REGION.matcher(request.region()).matches()) {
                return bad("region must be a region name such as us-east-1");
            }
            return directory.create(request.name(), request.region() == null ? "us-east-1" : request.region(),
                            request.sandbox() == null || request.sandbox(), null, null, null)
                    .map(created -> Response.status(201).entity(created).build())
                    .onFailure(TenantDirectory.TenantExists.class).recoverWithItem(failure -> Response.status(409)
                            .entity(Map.of("message", "a tenant named " + request.name() + " exists")).build());
        });
    }

    @GET
    @Operation(summary = "List tenants (operator: all; tenant admin: its own)")
    public Uni<Response> list(@HeaderParam("Authorization") String authorization) {
        return access.guard(authorization, principal -> true, principal -> directory.list().map(tenants -> Response.ok(
                tenants.stream().filter(t -> principal.mayActOn(t.accountId)).map(TenantAdminResource::view).toList()).build()));
    }

    @GET
    @Path("{accountId}")
    @Operation(summary = "Get a tenant")
    public Uni<Response> get(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId),
                principal -> directory.find(accountId).map(tenant -> tenant == null ? notFound(accountId) : Response.ok(view(tenant)).build()));
    }

    @PATCH
    @Path("{accountId}")
    @Operation(summary = "Change a tenant's quotas (Max24HourSend, MaxSendRate; -1 is unlimited) or sandbox flag (operator)")
    public Uni<Response> update(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId,
                                UpdateTenant request) {
        return access.guard(authorization, AdminAccess.Principal::operator, principal -> {
            if (request == null || invalidQuota(request.max24HourSend()) || invalidQuota(request.maxSendRate())) {
                return bad("quotas are numbers, at least 0, or -1 for unlimited");
            }
            return change(accountId, new TenantDirectory.Changes(request.max24HourSend(), request.maxSendRate(), request.sandbox(), null));
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("{accountId}/suspend")
    @Operation(summary = "Suspend a tenant: its SES calls are refused; what it sent before is still delivered (operator)")
    public Uni<Response> suspend(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId) {
        return access.guard(authorization, AdminAccess.Principal::operator,
                principal -> change(accountId, new TenantDirectory.Changes(null, null, null, true)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("{accountId}/resume")
    @Operation(summary = "Resume a suspended tenant (operator)")
    public Uni<Response> resume(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId) {
        return access.guard(authorization, AdminAccess.Principal::operator,
                principal -> change(accountId, new TenantDirectory.Changes(null, null, null, false)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("{accountId}/keys")
    @Operation(summary = "Create an access key; its secret is in this answer only")
    public Uni<Response> createKey(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId), principal -> directory.find(accountId)
                .chain(tenant -> tenant == null ? Uni.createFrom().item(notFound(accountId))
                        : directory.createKey(accountId).map(key -> Response.status(201).entity(key).build())));
    }

    @GET
    @Path("{accountId}/keys")
    @Operation(summary = "List a tenant's access keys (never their secrets)")
    public Uni<Response> keys(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId),
                principal -> directory.keys(accountId).map(keys -> Response.ok(keys).build()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("{accountId}/keys/{accessKeyId}/deactivate")
    @Operation(summary = "Deactivate an access key: requests signed with it get InvalidClientTokenId")
    public Uni<Response> deactivate(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId,
                                    @PathParam("accessKeyId") String accessKeyId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId), principal ->
                directory.setKeyActive(accountId, accessKeyId, false).map(found -> found ? Response.noContent().build() : noKey(accessKeyId)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Path("{accountId}/keys/{accessKeyId}/activate")
    @Operation(summary = "Activate an access key again")
    public Uni<Response> activate(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId,
                                  @PathParam("accessKeyId") String accessKeyId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId), principal ->
                directory.setKeyActive(accountId, accessKeyId, true).map(found -> found ? Response.noContent().build() : noKey(accessKeyId)));
    }

    @GET
    @Path("{accountId}/keys/{accessKeyId}/smtp-password")
    @Operation(summary = "The SMTP credentials of an active access key: its id as user name, the SES SMTP password derived from its secret")
    public Uni<Response> smtpPassword(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId,
                                      @PathParam("accessKeyId") String accessKeyId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId), principal -> directory.byAccessKey(accessKeyId)
                .map(credentials -> credentials == null || !credentials.tenant().accountId.equals(accountId) ? noKey(accessKeyId)
                        : Response.ok(Map.of("smtpUsername", accessKeyId, "region", credentials.tenant().region,
                                "smtpPassword", SmtpPassword.of(credentials.secret(), credentials.tenant().region))).build()));
    }

    @DELETE
    @Path("{accountId}/keys/{accessKeyId}")
    @Operation(summary = "Delete an access key")
    public Uni<Response> deleteKey(@HeaderParam("Authorization") String authorization, @PathParam("accountId") String accountId,
                                   @PathParam("accessKeyId") String accessKeyId) {
        return access.guard(authorization, principal -> principal.mayActOn(accountId), principal ->
                directory.deleteKey(accountId, accessKeyId).map(found -> found ? Response.noContent().build() : noKey(accessKeyId)));
    }

    private Uni<Response> change(String accountId, TenantDirectory.Changes changes) {
        return directory.update(accountId, changes).map(tenant -> tenant == null ? notFound(accountId) : Response.ok(view(tenant)).build());
    }

    /** A change the event log did not take (or confirm): nothing was changed, the operator may retry. */
    @ServerExceptionMapper
    public Response unavailable(TenancyLog.Unavailable failure) {
        return Response.status(503).entity(Map.of("message", failure.getMessage())).build();
    }

    private static boolean invalidQuota(Double quota) {
        return quota != null && quota < 0 && quota != -1;
    }

    private static Map<String, Object> view(Tenant tenant) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("accountId", tenant.accountId);
        view.put("name", tenant.name);
        view.put("region", tenant.region);
        view.put("sandbox", tenant.sandbox);
        view.put("max24HourSend", tenant.max24HourSend);
        view.put("maxSendRate", tenant.maxSendRate);
        view.put("suspended", tenant.suspended);
        view.put("createdAt", tenant.createdAt.toString());
        return view;
    }

    private static Response notFound(String accountId) {
        return Response.status(404).entity(Map.of("message", "no tenant " + accountId)).build();
    }

    private static Response noKey(String accessKeyId) {
        return Response.status(404).entity(Map.of("message", "the tenant has no access key " + accessKeyId)).build();
    }

    private static Uni<Response> bad(String message) {
        return Uni.createFrom().item(Response.status(400).entity(Map.of("message", message)).build());
    }
}

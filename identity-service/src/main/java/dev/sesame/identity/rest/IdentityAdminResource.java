package dev.sesame.identity.rest;

import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.ProjectionRunner;
import dev.sesame.identity.dns.DnsVerifier;
import dev.sesame.eventlog.catalogue.IdentityEvents;
import dev.sesame.identity.service.IdentityJournal;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.identity.model.VerificationStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Operator actions, reached through the gateway's admin API: marking an identity verified by hand (for local
 * development, recorded as an event with reason {@code operator}, never silently), running DNS checks now, and
 * rebuilding the projection.
 */
@Path("/internal/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IdentityAdminResource {

    private final IdentityStore store;
    private final IdentityJournal journal;
    private final ProjectionRunner projection;
    private final DnsVerifier verifier;

    public record MarkVerified(String accountId, String identity) {
    }

    public IdentityAdminResource(IdentityStore store, IdentityJournal journal, ProjectionRunner projection, DnsVerifier verifier) {
        this.store = store;
        this.journal = journal;
        this.projection = projection;
        this.verifier = verifier;
    }

    @POST
    @Path("verified-identities")
    public Uni<Response> markVerified(MarkVerified request) {
        if (request == null || request.accountId() == null || request.identity() == null) {
            return Uni.createFrom().item(Response.status(400).entity(Map.of("message", "accountId and identity are required")).build());
        }
        return store.find(request.accountId(), request.identity()).chain(identity -> {
            if (identity == null) {
                return Uni.createFrom().item(Response.status(404)
                        .entity(Map.of("message", "account " + request.accountId() + " has no identity " + request.identity())).build());
            }
            return journal.record(request.accountId(), null, EventType.IDENTITY_VERIFICATION_STATUS_CHANGED, identity.name,
                            new IdentityEvents.VerificationStatusChanged(identity.name, VerificationStatus.Success.name(), "operator"))
                    .map(ignored -> Response.ok(Map.of("identity", identity.name, "verificationStatus", "Success")).build());
        });
    }

    /** Runs a DNS verification pass now instead of at the next interval. */
    @POST
    @Path("dns-checks")
    public Uni<Response> checkDns() {
        return Uni.createFrom().future(verifier::checkNow)
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .map(changes -> Response.ok(Map.of("statusChanges", changes)).build());
    }

    @POST
    @Path("projection-rebuilds")
    public Uni<Response> rebuild() {
        return Uni.createFrom().completionStage(projection::rebuild)
                .map(ignored -> Response.ok(Map.of("projection", "identities", "rebuilt", true)).build());
    }
}

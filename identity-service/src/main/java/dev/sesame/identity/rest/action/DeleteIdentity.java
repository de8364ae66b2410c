package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** DeleteIdentity: removes an address or domain from the tenant's identities. */
@ApplicationScoped
public class DeleteIdentity implements SesAction {

    private final IdentityCommands commands;

    public DeleteIdentity(IdentityCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "DeleteIdentity";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        return commands.delete(caller, input.get("Identity").asText()).map(ignored -> new Results.Empty());
    }
}

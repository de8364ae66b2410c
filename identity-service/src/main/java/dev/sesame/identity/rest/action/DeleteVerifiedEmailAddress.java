package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** DeleteVerifiedEmailAddress: the deprecated form of DeleteIdentity for an email address. */
@ApplicationScoped
public class DeleteVerifiedEmailAddress implements SesAction {

    private final IdentityCommands commands;

    public DeleteVerifiedEmailAddress(IdentityCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "DeleteVerifiedEmailAddress";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        return commands.delete(caller, input.get("EmailAddress").asText()).map(ignored -> new Results.Empty());
    }
}

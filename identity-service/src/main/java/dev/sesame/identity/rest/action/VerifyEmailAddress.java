package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.model.IdentityType;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityCommands;
import dev.sesame.identity.service.IdentityNames;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** VerifyEmailAddress: the deprecated form of VerifyEmailIdentity, with the same effect. */
@ApplicationScoped
public class VerifyEmailAddress implements SesAction {

    private final IdentityCommands commands;

    public VerifyEmailAddress(IdentityCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "VerifyEmailAddress";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        String address = IdentityNames.emailAddress(input.get("EmailAddress").asText());
        return commands.requestVerification(caller, address, IdentityType.EmailAddress).map(identity -> new Results.Empty());
    }
}

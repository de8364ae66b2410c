package dev.sesame.identity.rest.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesame.identity.model.IdentityType;
import dev.sesame.identity.rest.Caller;
import dev.sesame.identity.rest.SesAction;
import dev.sesame.identity.service.IdentityCommands;
import dev.sesame.identity.service.IdentityNames;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** VerifyDomainIdentity: adds a domain and returns the token to publish as TXT at {@code _amazonses.<domain>}. */
@ApplicationScoped
public class VerifyDomainIdentity implements SesAction {

    private final IdentityCommands commands;

    public VerifyDomainIdentity(IdentityCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "VerifyDomainIdentity";
    }

    @Override
    public Uni<?> handle(Caller caller, JsonNode input) {
        String domain = IdentityNames.domain(input.get("Domain").asText());
        return commands.requestVerification(caller, domain, IdentityType.Domain)
                .map(identity -> new Results.VerifyDomainIdentityResult(identity.verificationToken));
    }
}

package dev.sesame.sending.rest;

import dev.sesame.sending.service.SendingRequests.GetAccountSendingEnabledRequest;
import dev.sesame.sending.service.SendingRequests.UpdateAccountSendingEnabledRequest;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.SendingEvents;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.ledger.AccountSending;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.common.annotation.Identifier;
import java.util.Map;

/** GetAccountSendingEnabled and UpdateAccountSendingEnabled: a paused account's sends answer AccountSendingPausedException. */
@ApplicationScoped
public class AccountActions implements SesActions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AccountSending account;
    private final CommandLog commands;

    public AccountActions(AccountSending account, @Identifier("account") CommandLog commands) {
        this.account = account;
        this.commands = commands;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of("GetAccountSendingEnabled", SesAction.typed(GetAccountSendingEnabledRequest.class, (caller, request) ->
                        Uni.createFrom().item(NODES.objectNode().put("Enabled", account.enabled(caller.accountId())))),
                "UpdateAccountSendingEnabled", SesAction.typed(UpdateAccountSendingEnabledRequest.class, this::update));
    }

    /** Enabled is optional in the model; absent means false, as the SDKs send it only when true. */
    private Uni<?> update(Caller caller, UpdateAccountSendingEnabledRequest request) {
        boolean enabled = Boolean.TRUE.equals(request.enabled());
        return commands.record(caller.accountId(), EventEnvelope.of(EventType.ACCOUNT_SENDING_ENABLED_SET, caller.accountId(),
                caller.accountId(), caller.requestId(), new SendingEvents.AccountSendingEnabledSet(enabled))).replaceWith(NODES.objectNode());
    }
}

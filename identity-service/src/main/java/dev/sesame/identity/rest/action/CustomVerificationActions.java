package dev.sesame.identity.rest.action;

import dev.sesame.identity.rest.action.IdentityRequests.UpdateCustomVerificationEmailTemplateRequest;
import dev.sesame.identity.rest.action.IdentityRequests.SendCustomVerificationEmailRequest;
import dev.sesame.identity.rest.action.IdentityRequests.ListCustomVerificationEmailTemplatesRequest;
import dev.sesame.identity.rest.action.IdentityRequests.GetCustomVerificationEmailTemplateRequest;
import dev.sesame.identity.rest.action.IdentityRequests.DeleteCustomVerificationEmailTemplateRequest;
import dev.sesame.identity.rest.action.IdentityRequests.CreateCustomVerificationEmailTemplateRequest;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.VerificationTemplateEvents;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.identity.model.Identity;
import dev.sesame.identity.service.IdentityCommands;
import dev.sesame.identity.service.IdentityNames;
import dev.sesame.identity.service.IdentityStore;
import dev.sesame.identity.service.VerificationTemplates;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.MessageIds;
import dev.sesame.service.api.NextTokens;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.common.annotation.Identifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Custom verification email templates (Create/Get/Update/Delete/ListCustomVerificationEmailTemplate(s)) and
 * SendCustomVerificationEmail, which verifies the address through the same confirmation link as VerifyEmailIdentity.
 */
@ApplicationScoped
public class CustomVerificationActions implements SesActions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** SES's quota: 50 custom verification email templates per account. */
    static final int MAX_TEMPLATES = 50;
    /** "The total size of the email must be less than 10 MB." */
    static final int MAX_CONTENT = 10 * 1024 * 1024;

    private final VerificationTemplates templates;
    private final CommandLog commands;
    private final IdentityStore store;
    private final IdentityCommands identities;

    public CustomVerificationActions(VerificationTemplates templates, @Identifier("verification-templates") CommandLog commands,
                                     IdentityStore store, IdentityCommands identities) {
        this.templates = templates;
        this.commands = commands;
        this.store = store;
        this.identities = identities;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of("CreateCustomVerificationEmailTemplate", SesAction.typed(CreateCustomVerificationEmailTemplateRequest.class,
                        (caller, r) -> change(caller, new Fields(r.templateName(), r.fromEmailAddress(), r.templateSubject(),
                                r.templateContent(), r.successRedirectionURL(), r.failureRedirectionURL()), true)),
                "UpdateCustomVerificationEmailTemplate", SesAction.typed(UpdateCustomVerificationEmailTemplateRequest.class,
                        (caller, r) -> change(caller, new Fields(r.templateName(), r.fromEmailAddress(), r.templateSubject(),
                                r.templateContent(), r.successRedirectionURL(), r.failureRedirectionURL()), false)),
                "GetCustomVerificationEmailTemplate", SesAction.typed(GetCustomVerificationEmailTemplateRequest.class, this::get),
                "DeleteCustomVerificationEmailTemplate", SesAction.typed(DeleteCustomVerificationEmailTemplateRequest.class, this::delete),
                "ListCustomVerificationEmailTemplates", SesAction.typed(ListCustomVerificationEmailTemplatesRequest.class, this::list),
                "SendCustomVerificationEmail", SesAction.typed(SendCustomVerificationEmailRequest.class, this::send));
    }

    /** What CreateCustomVerificationEmailTemplate and UpdateCustomVerificationEmailTemplate both carry. */
    private record Fields(String templateName, String fromEmailAddress, String templateSubject, String templateContent,
                          String successRedirectionUrl, String failureRedirectionUrl) {
    }

    private VerificationTemplates.Template existing(Caller caller, String name) {
        return templates.find(caller.accountId(), name).orElseThrow(() -> SesException.of("CustomVerificationEmailTemplateDoesNotExist",
                "Custom verification email template " + name + " does not exist."));
    }

    /** Create takes every member; Update keeps what it does not name. */
    private Uni<?> change(Caller caller, Fields input, boolean create) {
        String name = input.templateName() == null ? "" : input.templateName();
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Template name " + name + " must be 1 to 64 letters, digits, underscores or dashes.");
        }
        VerificationTemplates.Template before = templates.find(caller.accountId(), name).orElse(null);
        if (create && before != null) {
            throw SesException.of("CustomVerificationEmailTemplateAlreadyExists", "Custom verification email template " + name
                    + " already exists.");
        }
        if (!create && before == null) {
            existing(caller, name);
        }
        if (create && templates.count(caller.accountId()) >= MAX_TEMPLATES) {
            throw SesException.of("LimitExceeded", "The account has " + MAX_TEMPLATES + " custom verification email templates, SES's limit.");
        }
        String from = or(input.fromEmailAddress(), before == null ? null : before.fromEmailAddress());
        String subject = or(input.templateSubject(), before == null ? null : before.subject());
        String content = or(input.templateContent(), before == null ? null : before.content());
        String success = or(input.successRedirectionUrl(), before == null ? null : before.successRedirectionUrl());
        String failure = or(input.failureRedirectionUrl(), before == null ? null : before.failureRedirectionUrl());
        if (content.length() > MAX_CONTENT) {
            throw SesException.of("CustomVerificationEmailInvalidContent", "The template content must be less than 10 MB.");
        }
        if (content.toLowerCase(java.util.Locale.ROOT).contains("<script")) {
            throw SesException.of("CustomVerificationEmailInvalidContent", "The template content may not contain scripts.");
        }
        url(success, "SuccessRedirectionURL");
        url(failure, "FailureRedirectionURL");
        String address = IdentityNames.emailAddress(from);
        var payload = new VerificationTemplateEvents.TemplatePut(name, address, subject, content, success, failure);
        EventType type = create ? EventType.CUSTOM_VERIFICATION_EMAIL_TEMPLATE_CREATED : EventType.CUSTOM_VERIFICATION_EMAIL_TEMPLATE_UPDATED;
        return requireVerifiedFrom(caller, address).chain(() -> commands.record(caller.accountId(),
                EventEnvelope.of(type, caller.accountId(), name, caller.requestId(), payload))).replaceWith(NODES.objectNode());
    }

    private static String or(String given, String otherwise) {
        return given != null ? given : otherwise;
    }

    private static void url(String url, String member) {
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(url, "not an http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw SesException.invalidParameterValue(member + " <" + url + "> is not a valid URL.");
        }
    }

    /** The From address must be verified, itself or through its domain. */
    private Uni<Void> requireVerifiedFrom(Caller caller, String address) {
        return store.find(caller.accountId(), address).chain(found -> found != null && found.isVerified()
                        ? Uni.createFrom().item(found)
                        : store.find(caller.accountId(), address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT)))
                .map(owner -> {
                    if (owner == null || !owner.isVerified()) {
                        throw SesException.of("FromEmailAddressNotVerified", "The from address " + address + " is not verified.");
                    }
                    return (Identity) owner;
                }).replaceWithVoid();
    }

    private Uni<?> get(Caller caller, GetCustomVerificationEmailTemplateRequest request) {
        VerificationTemplates.Template t = existing(caller, request.templateName());
        return Uni.createFrom().item(NODES.objectNode().put("TemplateName", t.name()).put("FromEmailAddress", t.fromEmailAddress())
                .put("TemplateSubject", t.subject()).put("TemplateContent", t.content())
                .put("SuccessRedirectionURL", t.successRedirectionUrl()).put("FailureRedirectionURL", t.failureRedirectionUrl()));
    }

    /** Deleting a template that does not exist is no error (the action models none). */
    private Uni<?> delete(Caller caller, DeleteCustomVerificationEmailTemplateRequest request) {
        String name = request.templateName();
        if (templates.find(caller.accountId(), name).isEmpty()) {
            return Uni.createFrom().item(NODES.objectNode());
        }
        return commands.record(caller.accountId(), EventEnvelope.of(EventType.CUSTOM_VERIFICATION_EMAIL_TEMPLATE_DELETED,
                caller.accountId(), name, caller.requestId(), new VerificationTemplateEvents.TemplateDeleted(name))).replaceWith(NODES.objectNode());
    }

    /** Name order, MaxResults 1 to 50; the NextToken is the page's last name, opaque. */
    private Uni<?> list(Caller caller, ListCustomVerificationEmailTemplatesRequest request) {
        int max = request.maxResults() != null ? request.maxResults() : 50;
        String after = NextTokens.after(request.nextToken());
        List<VerificationTemplates.Template> page = templates.list(caller.accountId(), after).stream().limit(max + 1L).toList();
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("CustomVerificationEmailTemplates");
        page.stream().limit(max).forEach(t -> list.addObject().put("TemplateName", t.name()).put("FromEmailAddress", t.fromEmailAddress())
                .put("TemplateSubject", t.subject()).put("SuccessRedirectionURL", t.successRedirectionUrl())
                .put("FailureRedirectionURL", t.failureRedirectionUrl()));
        if (page.size() > max) {
            out.put("NextToken", NextTokens.of(page.get(max - 1).name()));
        }
        return Uni.createFrom().item(out);
    }

    /** A sandboxed account may not send custom verification emails (ProductionAccessNotGranted), as in SES. */
    private Uni<?> send(Caller caller, SendCustomVerificationEmailRequest request) {
        String address = IdentityNames.emailAddress(request.emailAddress());
        VerificationTemplates.Template template = existing(caller, request.templateName());
        if (caller.sandbox()) {
            throw SesException.of("ProductionAccessNotGranted", "Custom verification emails can be sent only by accounts with production access.");
        }
        String messageId = MessageIds.next(caller.region(), System.currentTimeMillis());
        return requireVerifiedFrom(caller, template.fromEmailAddress())
                .chain(() -> identities.requestCustomVerification(caller, address, template))
                .map(identity -> NODES.objectNode().put("MessageId", messageId));
    }
}

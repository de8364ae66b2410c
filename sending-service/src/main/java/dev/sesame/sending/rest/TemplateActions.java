package dev.sesame.sending.rest;

import dev.sesame.sending.service.SendingRequests.BulkEmailDestination;
import dev.sesame.sending.service.SendingRequests.CreateTemplateRequest;
import dev.sesame.sending.service.SendingRequests.DeleteTemplateRequest;
import dev.sesame.sending.service.SendingRequests.GetTemplateRequest;
import dev.sesame.sending.service.SendingRequests.ListTemplatesRequest;
import dev.sesame.sending.service.SendingRequests.MessageTag;
import dev.sesame.sending.service.SendingRequests.SendBulkTemplatedEmailRequest;
import dev.sesame.sending.service.SendingRequests.SendTemplatedEmailRequest;
import dev.sesame.sending.service.SendingRequests.Template;
import dev.sesame.sending.service.SendingRequests.TestRenderTemplateRequest;
import dev.sesame.sending.service.SendingRequests.UpdateTemplateRequest;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.SendingEvents;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.sending.service.Sending;
import dev.sesame.sending.templates.TemplateRenderer;
import dev.sesame.sending.templates.Templates;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import dev.sesame.service.api.NextTokens;
import dev.sesame.service.api.SesAction;
import dev.sesame.service.api.SesActions;
import dev.sesame.ses.protocol.SesException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.common.annotation.Identifier;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Email templates (SES v1's Create/Get/Update/Delete/ListTemplate(s) and TestRenderTemplate, which v2's
 * EmailTemplate operations use too) and SendTemplatedEmail. A change is an event on {@code sesame.sending.templates},
 * answered once the templates show it.
 */
@ApplicationScoped
public class TemplateActions implements SesActions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** SES: "up to 64 ASCII letters (a-z, A-Z), numbers (0-9), underscores (_), or dashes (-)". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** SES's quota of templates per account. */
    static final int MAX_TEMPLATES = 10_000;

    private final Templates templates;
    private final CommandLog commands;
    private final Sending sending;

    public TemplateActions(Templates templates, @Identifier("templates") CommandLog commands, Sending sending) {
        this.templates = templates;
        this.commands = commands;
        this.sending = sending;
    }

    @Override
    public Map<String, SesAction> actions() {
        return Map.of("CreateTemplate", SesAction.typed(CreateTemplateRequest.class,
                        (caller, request) -> change(caller, request.template(), EventType.TEMPLATE_CREATED)),
                "UpdateTemplate", SesAction.typed(UpdateTemplateRequest.class,
                        (caller, request) -> change(caller, request.template(), EventType.TEMPLATE_UPDATED)),
                "GetTemplate", SesAction.typed(GetTemplateRequest.class, this::get),
                "DeleteTemplate", SesAction.typed(DeleteTemplateRequest.class, this::delete),
                "ListTemplates", SesAction.typed(ListTemplatesRequest.class, this::list),
                "TestRenderTemplate", SesAction.typed(TestRenderTemplateRequest.class, this::testRender),
                "SendTemplatedEmail", SesAction.typed(SendTemplatedEmailRequest.class, this::send),
                "SendBulkTemplatedEmail", SesAction.typed(SendBulkTemplatedEmailRequest.class, this::sendBulk));
    }

    private Templates.Template existing(Caller caller, String name) {
        return templates.find(caller.accountId(), name).orElseThrow(() -> new SesException("TemplateDoesNotExist", 400,
                "Template " + name + " does not exist."));
    }

    private Uni<?> change(Caller caller, Template template, EventType type) {
        String name = template == null || template.templateName() == null ? "" : template.templateName();
        if (!NAME.matcher(name).matches()) {
            throw SesException.invalidParameterValue("Template name " + name + " must be 1 to 64 letters, digits, underscores or dashes.");
        }
        boolean exists = templates.find(caller.accountId(), name).isPresent();
        if (type == EventType.TEMPLATE_CREATED && exists) {
            throw new SesException("AlreadyExists", 400, "Template " + name + " already exists.");
        }
        if (type == EventType.TEMPLATE_UPDATED && !exists) {
            throw new SesException("TemplateDoesNotExist", 400, "Template " + name + " does not exist.");
        }
        if (type == EventType.TEMPLATE_CREATED && templates.count(caller.accountId()) >= MAX_TEMPLATES) {
            throw new SesException("LimitExceeded", 400, "The account has " + MAX_TEMPLATES + " templates, SES's limit.");
        }
        String subject = template.subjectPart();
        String text = template.textPart();
        String html = template.htmlPart();
        TemplateRenderer.check(name, subject, text, html);
        return commands.record(caller.accountId(), EventEnvelope.of(type, caller.accountId(), name, caller.requestId(),
                        new SendingEvents.TemplatePut(name, subject, text, html)))
                .replaceWith(NODES.objectNode());
    }

    private Uni<?> get(Caller caller, GetTemplateRequest request) {
        Templates.Template template = existing(caller, text(request.templateName()));
        ObjectNode out = NODES.objectNode();
        ObjectNode t = out.putObject("Template").put("TemplateName", template.name());
        putIf(t, "SubjectPart", template.subject());
        putIf(t, "TextPart", template.text());
        putIf(t, "HtmlPart", template.html());
        return Uni.createFrom().item(out);
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Deleting a template that does not exist is no error in v1 (the action models none). */
    private Uni<?> delete(Caller caller, DeleteTemplateRequest request) {
        String name = text(request.templateName());
        if (templates.find(caller.accountId(), name).isEmpty()) {
            return Uni.createFrom().item(NODES.objectNode());
        }
        return commands.record(caller.accountId(), EventEnvelope.of(EventType.TEMPLATE_DELETED, caller.accountId(), name,
                caller.requestId(), new SendingEvents.TemplateDeleted(name))).replaceWith(NODES.objectNode());
    }

    /** Name order; the NextToken is the page's last name, opaque. */
    private Uni<?> list(Caller caller, ListTemplatesRequest request) {
        int max = request.maxItems() != null ? request.maxItems() : 10;
        if (max < 1 || max > 100) {
            throw SesException.invalidParameterValue("MaxItems must be between 1 and 100.");
        }
        String after = NextTokens.after(request.nextToken());
        List<Templates.Template> page = templates.list(caller.accountId(), after).stream().limit(max + 1L).toList();
        ObjectNode out = NODES.objectNode();
        ArrayNode metadata = out.putArray("TemplatesMetadata");
        page.stream().limit(max).forEach(t -> metadata.addObject().put("Name", t.name()).put("CreatedTimestamp", t.createdAt().toString()));
        if (page.size() > max) {
            out.put("NextToken", NextTokens.of(page.get(max - 1).name()));
        }
        return Uni.createFrom().item(out);
    }

    /** The rendered message's MIME, as SES's TestRenderTemplate answers it. */
    private Uni<?> testRender(Caller caller, TestRenderTemplateRequest request) {
        Templates.Template template = existing(caller, text(request.templateName()));
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, text(request.templateData()));
        String mime = sending.renderedMime(rendered);
        return Uni.createFrom().item(NODES.objectNode().put("RenderedTemplate", mime));
    }

    /** SES's BulkEmailStatus for the error a destination's send got. */
    private static final Map<String, String> BULK_STATUS = Map.of("MessageRejected", "MessageRejected",
            "MailFromDomainNotVerifiedException", "MailFromDomainNotVerified", "ConfigurationSetDoesNotExist", "ConfigurationSetDoesNotExist",
            "AccountSendingPausedException", "AccountSendingPaused", "ConfigurationSetSendingPausedException", "ConfigurationSetSendingPaused",
            "InvalidParameterValue", "InvalidParameterValue", "ServiceUnavailable", "TransientFailure");
    static final int MAX_BULK_DESTINATIONS = 50;

    /**
     * SendBulkTemplatedEmail: one message per destination, each a SendTemplatedEmail with the destination's
     * ReplacementTemplateData over DefaultTemplateData (key by key) and its ReplacementTags over DefaultTags (by name);
     * each destination gets its own status, in request order.
     */
    private Uni<?> sendBulk(Caller caller, SendBulkTemplatedEmailRequest input) {
        Templates.Template template = existing(caller, text(input.template()));
        List<BulkEmailDestination> destinations = input.destinations() == null ? List.of() : input.destinations();
        if (destinations.size() > MAX_BULK_DESTINATIONS) {
            throw SesException.invalidParameterValue("A bulk send has at most " + MAX_BULK_DESTINATIONS + " destinations.");
        }
        ObjectNode defaults = TemplateRenderer.data(template.name(), input.defaultTemplateData());
        List<Uni<ObjectNode>> sends = new java.util.ArrayList<>();
        for (BulkEmailDestination destination : destinations) {
            sends.add(Uni.createFrom().deferred(() -> {
                ObjectNode data = defaults.deepCopy();
                data.setAll(TemplateRenderer.data(template.name(), destination.replacementTemplateData()));
                SendTemplatedEmailRequest email = new SendTemplatedEmailRequest(input.source(), destination.destination(),
                        input.replyToAddresses(), input.returnPath(), input.sourceArn(), input.returnPathArn(),
                        tags(input.defaultTags(), destination.replacementTags()), input.configurationSetName(), input.template(),
                        input.templateArn(), null);
                return sendRendered(caller, email, template, data.toString());
            }).map(id -> NODES.objectNode().put("Status", "Success").put("MessageId", id))
                    .onFailure(SesException.class).recoverWithItem(failure -> {
                        SesException e = (SesException) failure;
                        String status = e.code().equals("Throttling")
                                ? (e.getMessage().startsWith("Daily") ? "AccountDailyQuotaExceeded" : "AccountThrottled")
                                : BULK_STATUS.getOrDefault(e.code(), "Failed");
                        return NODES.objectNode().put("Status", status).put("Error", e.getMessage());
                    }));
        }
        if (sends.isEmpty()) {
            throw SesException.of("MessageRejected", "There are no recipients specified.");
        }
        return Uni.join().all(sends).andFailFast().map(statuses -> {
            ObjectNode out = NODES.objectNode();
            out.putArray("Status").addAll(statuses);
            return out;
        });
    }

    /** Default tags with the destination's replacements, by name. */
    private static List<MessageTag> tags(List<MessageTag> defaults, List<MessageTag> replacements) {
        Map<String, MessageTag> byName = new java.util.LinkedHashMap<>();
        for (List<MessageTag> tags : java.util.Arrays.asList(defaults, replacements)) {
            if (tags != null) {
                tags.forEach(tag -> byName.put(text(tag.name()), new MessageTag(text(tag.name()), text(tag.value()))));
            }
        }
        return List.copyOf(byName.values());
    }

    private Uni<?> send(Caller caller, SendTemplatedEmailRequest input) {
        Templates.Template template = existing(caller, text(input.template()));
        return sendRendered(caller, input, template, text(input.templateData())).map(id -> NODES.objectNode().put("MessageId", id));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /**
     * A template that fails while rendering (a part Handlebars parsed but cannot apply to this data) is accepted, as SES
     * accepts it, and recorded as a {@code Rendering Failure} event; data that is not a JSON object is refused at once.
     */
    private Uni<String> sendRendered(Caller caller, SendTemplatedEmailRequest input, Templates.Template template, String data) {
        TemplateRenderer.Rendered rendered;
        try {
            rendered = TemplateRenderer.render(template, data);
        } catch (SesException e) {
            if (!e.code().equals("InvalidTemplate")) {
                throw e;
            }
            return sending.renderingFailed(caller, input, template.name(), e.getMessage());
        }
        return sending.sendTemplatedEmail(caller, input, rendered);
    }
}

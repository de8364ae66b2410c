package dev.sesame.sending.service;

import dev.sesame.sending.service.SendingRequests.Body;
import dev.sesame.sending.service.SendingRequests.Content;
import dev.sesame.sending.service.SendingRequests.Message;
import dev.sesame.sending.service.SendingRequests.MessageTag;
import dev.sesame.sending.service.SendingRequests.SendBounceRequest;
import dev.sesame.sending.service.SendingRequests.SendEmailRequest;
import dev.sesame.sending.service.SendingRequests.SendRawEmailRequest;
import dev.sesame.sending.service.SendingRequests.SendTemplatedEmailRequest;
import dev.sesame.eventlog.catalogue.EventType;
import dev.sesame.eventlog.catalogue.Topics;
import dev.sesame.security.WarmUp;
import dev.sesame.eventlog.catalogue.SendingEvents.OutboundMessage;
import dev.sesame.eventlog.catalogue.SendingEvents.SesEventRecord;
import dev.sesame.service.api.MessageIds;
import dev.sesame.eventlog.EventEnvelope;
import dev.sesame.eventlog.EventLog;
import dev.sesame.sending.config.SendingConfig;
import dev.sesame.sending.views.KnownConfigurationSets;
import dev.sesame.sending.views.ReceivedMessages;
import dev.sesame.sending.views.SenderIdentities;
import dev.sesame.sending.views.SenderIdentity;
import dev.sesame.sending.ledger.AccountSending;
import dev.sesame.sending.ledger.SendingLedger;
import dev.sesame.sending.templates.TemplateRenderer;
import dev.sesame.sending.tracking.Tracking;
import dev.sesame.ses.protocol.SesException;
import dev.sesame.service.api.Caller;
import dev.sesame.service.api.CommandLog;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SendEmail, SendRawEmail and SendBounce: every check SES makes, then the message and its Send event are appended to Kafka in
 * one transaction (the commit point); the API answers with the MessageId once both are durable.
 */
@Singleton
public class Sending {

    static final int MAX_RECIPIENTS = 50;
    /** The inbound server does not know a tenant's region: receipt-rule bounces are numbered as in us-east-1. */
    private static final String RECEIPT_REGION = "us-east-1";
    static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    private static final String WARM_UP_DOMAIN = SenderIdentities.domainOf(WarmUp.SOURCE);
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private final SendingConfig config;
    private final SenderIdentities identities;
    private final KnownConfigurationSets configurationSets;
    private final ReceivedMessages received;
    private final SendingAuthorization authorization;
    private final SendQuotas quotas;
    private final CommandLog commands;
    private final SendingLedger ledger;
    private final AccountSending account;
    private final Tracking tracking;

    /** What SendEmail and SendRawEmail agree on once their own parsing is done. */
    private record Request(String action, InternetAddress source, List<String> recipients, String sourceArn,
                           String returnPath, String returnPathArn, String configurationSet, Map<String, List<String>> tags,
                           boolean dsn) {
    }

    public Sending(SendingConfig config, SenderIdentities identities, KnownConfigurationSets configurationSets, ReceivedMessages received,
                   SendingAuthorization authorization, SendQuotas quotas, CommandLog commands, SendingLedger ledger, AccountSending account, Tracking tracking) {
        this.account = account;
        this.tracking = tracking;
        this.config = config;
        this.identities = identities;
        this.configurationSets = configurationSets;
        this.received = received;
        this.authorization = authorization;
        this.quotas = quotas;
        this.commands = commands;
        this.ledger = ledger;
    }

    public Uni<String> sendEmail(Caller caller, SendEmailRequest input) {
        return sendEmail(caller, input, null);
    }

    /** @param renderingFailure a template that did not render: {@code templateName} and {@code errorMessage}, or null */
    private Uni<String> sendEmail(Caller caller, SendEmailRequest input, Map<String, Object> renderingFailure) {
        InternetAddress source = MimeComposer.address(input.source());
        List<String> recipients = new ArrayList<>();
        if (input.destination() != null) {
            for (List<String> list : java.util.Arrays.asList(input.destination().toAddresses(), input.destination().ccAddresses(),
                    input.destination().bccAddresses())) {
                if (list != null) {
                    list.forEach(a -> recipients.add(MimeComposer.address(a).getAddress()));
                }
            }
        }
        Request request = new Request("ses:SendEmail", source, recipients, text(input.sourceArn()), text(input.returnPath()),
                text(input.returnPathArn()), text(input.configurationSetName()), tags(input.tags()), false);
        return accept(caller, request, (messageIdHeader, date) -> MimeComposer.compose(input, messageIdHeader, date), renderingFailure);
    }

    /**
     * A SendTemplatedEmail whose template did not render, as SES answers it: every check of a send, then a MessageId and a
     * {@code Rendering Failure} event instead of a message ("because it already accepted the message, Amazon SES doesn't
     * return a message stating that it was unable to send the email").
     */
    public Uni<String> renderingFailed(Caller caller, SendTemplatedEmailRequest input, String templateName, String errorMessage) {
        SendEmailRequest email = asSendEmail(input, new Message(new Content("", null), new Body(new Content("", null), null)));
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("templateName", templateName);
        failure.put("errorMessage", errorMessage);
        return sendEmail(caller, email, failure);
    }

    /**
     * SendTemplatedEmail: the template's parts rendered with the request's data become a SendEmail's message
     * (UTF-8), with every check SendEmail makes.
     */
    public Uni<String> sendTemplatedEmail(Caller caller, SendTemplatedEmailRequest input, TemplateRenderer.Rendered rendered) {
        Message message = new Message(new Content(rendered.subject() == null ? "" : rendered.subject(), "UTF-8"), new Body(
                rendered.text() == null ? null : new Content(rendered.text(), "UTF-8"),
                rendered.html() == null ? null : new Content(rendered.html(), "UTF-8")));
        return sendEmail(caller, asSendEmail(input, message));
    }

    /** The SendEmail a templated send becomes once its message is known. */
    private static SendEmailRequest asSendEmail(SendTemplatedEmailRequest input, Message message) {
        return new SendEmailRequest(input.source(), input.destination(), message, input.replyToAddresses(), input.returnPath(),
                input.sourceArn(), input.returnPathArn(), input.tags(), input.configurationSetName());
    }

    /** A rendered template as MIME (TestRenderTemplate's answer): its subject and text and/or HTML bodies. */
    public String renderedMime(TemplateRenderer.Rendered rendered) {
        try {
            jakarta.mail.internet.MimeMessage mime = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()));
            mime.setSubject(rendered.subject() == null ? "" : rendered.subject(), "UTF-8");
            if (rendered.text() != null && rendered.html() != null) {
                jakarta.mail.internet.MimeMultipart alternative = new jakarta.mail.internet.MimeMultipart("alternative");
                jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
                text.setText(rendered.text(), "UTF-8");
                jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
                html.setText(rendered.html(), "UTF-8", "html");
                alternative.addBodyPart(text);
                alternative.addBodyPart(html);
                mime.setContent(alternative);
            } else if (rendered.html() != null) {
                mime.setText(rendered.html(), "UTF-8", "html");
            } else {
                mime.setText(rendered.text() == null ? "" : rendered.text(), "UTF-8");
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (jakarta.mail.MessagingException | java.io.IOException e) {
            throw new IllegalStateException("a rendered template could not be written as MIME", e);
        }
    }

    public Uni<String> sendRawEmail(Caller caller, SendRawEmailRequest input) {
        String data = input.rawMessage() == null || input.rawMessage().data() == null ? "" : input.rawMessage().data();
        if (data.length() > MAX_MESSAGE_BYTES) {
            throw SesException.of("MessageRejected", "Message length is more than " + MAX_MESSAGE_BYTES + " bytes long.");
        }
        byte[] raw = Base64.getDecoder().decode(data);
        String from = text(input.source()) != null ? text(input.source()) : MimeComposer.rawHeader(raw, "From");
        if (from == null) {
            throw SesException.of("MessageRejected", "Missing required header 'From'.");
        }
        List<String> recipients = new ArrayList<>();
        if (input.destinations() != null && !input.destinations().isEmpty()) {
            input.destinations().forEach(a -> recipients.add(MimeComposer.address(a).getAddress()));
        } else {
            recipients.addAll(MimeComposer.rawRecipients(raw));
        }
        String configurationSet = text(input.configurationSetName()) != null ? text(input.configurationSetName())
                : MimeComposer.rawHeader(raw, "X-SES-CONFIGURATION-SET");
        Map<String, List<String>> tags = input.tags() != null ? tags(input.tags()) : headerTags(MimeComposer.rawHeader(raw, "X-SES-MESSAGE-TAGS"));
        String sourceArn = text(input.sourceArn()) != null ? text(input.sourceArn()) : MimeComposer.rawHeader(raw, "X-SES-SOURCE-ARN");
        String returnPathArn = text(input.returnPathArn()) != null ? text(input.returnPathArn())
                : MimeComposer.rawHeader(raw, "X-SES-RETURN-PATH-ARN");
        Request request = new Request("ses:SendRawEmail", MimeComposer.address(from), recipients, sourceArn, null, returnPathArn,
                configurationSet, tags, false);
        return accept(caller, request, (messageIdHeader, date) -> MimeComposer.prepareRaw(raw, messageIdHeader, date));
    }

    /**
     * SendBounce: a delivery status notification for a message received in the last 24 hours, from a verified
     * BounceSender (or one authorized through BounceSenderArn) to the message's sender, through the sending path.
     */
    public Uni<String> sendBounce(Caller caller, SendBounceRequest input) {
        String originalMessageId = input.originalMessageId() == null ? "" : input.originalMessageId();
        ReceivedMessages.Received original = received.find(caller.accountId(), originalMessageId)
                .filter(m -> m.source() != null && !m.source().isEmpty())
                .orElseThrow(() -> SesException.of("MessageRejected", "Original message " + originalMessageId
                        + " was not received in the last 24 hours, or has no sender to bounce to."));
        InternetAddress sender = MimeComposer.address(input.bounceSender());
        Request request = new Request("ses:SendBounce", sender, List.of(original.source()), text(input.bounceSenderArn()), null, null,
                null, Map.of(), true);
        return accept(caller, request, (messageIdHeader, date) -> BounceMessage.compose(input, caller.region(), sender, original.source(), messageIdHeader, date));
    }

    /**
     * A receipt rule's Bounce action, which the receipt service asked for through its event log: the DSN it
     * described goes from the action's Sender (which must be the tenant's, as for SendBounce) to the message's
     * sender, through the sending path. Bounces are not counted against the tenant's sending rate.
     */
    public Uni<String> bounceReceived(String accountId, String source, SendBounceRequest input) {
        Caller caller = new Caller(accountId, RECEIPT_REGION, null, false, -1, -1);
        InternetAddress sender = MimeComposer.address(input.bounceSender());
        Request request = new Request("ses:SendBounce", sender, List.of(source), null, null, null, null, Map.of(), true);
        return accept(caller, request, (messageIdHeader, date) -> BounceMessage.compose(input, caller.region(), sender, source, messageIdHeader, date));
    }

    @FunctionalInterface
    private interface Composition {
        MimeComposer.Composed compose(String messageIdHeader, Date date);
    }

    private Uni<String> accept(Caller caller, Request request, Composition composition) {
        return accept(caller, request, composition, null);
    }

    private Uni<String> accept(Caller caller, Request request, Composition composition, Map<String, Object> renderingFailure) {
        if (request.recipients().isEmpty()) {
            throw SesException.of("MessageRejected", "There are no recipients specified.");
        }
        if (request.recipients().size() > MAX_RECIPIENTS) {
            throw SesException.invalidParameterValue("Recipient count exceeds " + MAX_RECIPIENTS + ".");
        }
        // A bounce of received mail is no sending of the tenant's own: a paused account still bounces.
        if (!request.dsn() && !account.enabled(caller.accountId())) {
            throw SesException.of("AccountSendingPausedException", "Email sending is disabled for your entire Amazon SES account.");
        }
        KnownConfigurationSets.SetOptions setOptions = request.configurationSet() == null ? null
                : configurationSets.find(caller.accountId(), request.configurationSet()).orElseThrow(() -> SesException.of(
                        "ConfigurationSetDoesNotExist", "Configuration set <" + request.configurationSet() + "> does not exist."));
        if (setOptions != null && !setOptions.sendingEnabled()) {
            throw SesException.of("ConfigurationSetSendingPausedException", "Email sending is disabled for the configuration set <"
                    + request.configurationSet() + ">.");
        }
        String address = request.source().getAddress();
        SendingAuthorization.Authorized sender = (caller.warmUp() ? warmUpSender(caller, address)
                : authorization.authorize(caller, address, request.source().getPersonal(), request.sourceArn(), request.action(),
                        request.recipients())).orElseThrow(() -> notVerified(caller, List.of(request.source().toUnicodeString(), address)));
        String returnPath = request.returnPath() != null ? MimeComposer.address(request.returnPath()).getAddress() : null;
        if (returnPath != null && authorization.authorize(caller, returnPath, null, request.returnPathArn(), request.action(),
                request.recipients()).isEmpty()) {
            throw notVerified(caller, List.of(returnPath));
        }
        if (caller.warmUp() && !request.recipients().stream().allMatch(MailboxSimulator::isSimulator)) {
            throw SesException.of("MessageRejected", "A warm-up request may only mail the mailbox simulator.");
        }
        // A bounce goes back to whoever sent the received message: no sandbox recipient check.
        if (caller.sandbox() && !request.dsn()) {
            List<String> unverified = request.recipients().stream()
                    .filter(r -> !MailboxSimulator.isSimulator(r) && identities.verifiedFor(caller.accountId(), r).isEmpty()).toList();
            if (!unverified.isEmpty()) {
                throw notVerified(caller, unverified);
            }
        }
        SenderIdentity identity = sender.identity();
        SenderIdentity domain = identities.find(identity.accountId(), SenderIdentities.domainOf(address)).orElse(identity);
        SenderIdentity mailFromOwner = identity.mailFromDomain() != null ? identity : domain;
        String mailFromDomain = config.defaultMailFromDomain();
        if (mailFromOwner.mailFromDomain() != null) {
            if (mailFromOwner.mailFromVerified()) {
                mailFromDomain = mailFromOwner.mailFromDomain();
            } else if (mailFromOwner.rejectsOnMxFailure()) {
                throw SesException.of("MailFromDomainNotVerifiedException",
                        "Mail FROM domain is not verified: " + mailFromOwner.mailFromDomain());
            }
        }
        int counted = (int) request.recipients().stream().filter(r -> !MailboxSimulator.isSimulator(r)).count();
        quotas.admit(caller, request.recipients().size(), counted);

        Instant now = Instant.now();
        String messageId = MessageIds.next(caller.region(), now.toEpochMilli());
        MimeComposer.Composed composed = composition.compose("<" + messageId + "@" + config.messageIdDomain() + ">", Date.from(now));
        boolean tracked = setOptions != null && setOptions.tracking();
        byte[] mime = tracked ? tracking.instrument(composed.mime(), setOptions.redirectDomain(), caller.accountId(), messageId,
                request.configurationSet()) : composed.mime();
        if (mime.length > MAX_MESSAGE_BYTES) {
            throw SesException.of("MessageRejected", "Message length is more than " + MAX_MESSAGE_BYTES + " bytes long.");
        }
        Map<String, List<String>> tags = new LinkedHashMap<>(request.tags());
        tags.put("ses:from-domain", List.of(SenderIdentities.domainOf(address)));
        if (request.configurationSet() != null) {
            tags.put("ses:configuration-set", List.of(request.configurationSet()));
        }
        List<String> recipients = List.copyOf(new LinkedHashSet<>(request.recipients()));
        Map<String, Object> mail = EventRecords.mail(messageId, now, request.source().toUnicodeString(), sender.arn(),
                caller.accountId(), recipients, composed.headers(), tags);
        if (renderingFailure != null) {
            EventEnvelope failed = EventEnvelope.of(EventType.RENDERING_FAILURE, caller.accountId(), messageId, caller.requestId(),
                    SesEventRecord.of(EventType.RENDERING_FAILURE, mail, renderingFailure));
            return commands.appendAtomically(List.of(EventLog.Append.of(caller.accountId(), failed)))
                    .map(ignored -> messageId);
        }
        OutboundMessage.Dkim dkim = dkim(identity, domain);
        String feedbackTo = identity.forwardingEnabled() ? (returnPath != null ? returnPath : address) : null;
        OutboundMessage outbound = new OutboundMessage(messageId, caller.accountId(), caller.region(), now,
                request.dsn() ? "" : messageId + "@" + mailFromDomain, recipients, Base64.getEncoder().encodeToString(mime), feedbackTo, dkim, mail,
                setOptions != null && setOptions.requireTls());
        EventEnvelope accepted = EventEnvelope.of(EventType.MESSAGE_ACCEPTED, caller.accountId(), messageId, caller.requestId(), outbound);
        EventEnvelope send = EventEnvelope.of(EventType.SEND, caller.accountId(), messageId, caller.requestId(),
                SesEventRecord.of(EventType.SEND, mail, Map.of()));
        // The answer is the truth: a 503 only for a message that is not in the log (withdrawn before any transaction
        // took it, or its transaction aborted); once a transaction has it, the answer waits for the commit.
        List<EventLog.Append> appends = new ArrayList<>(List.of(EventLog.Append.unordered(messageId, accepted),
                EventLog.Append.of(caller.accountId(), send)));
        if (tracked) {
            appends.add(Tracking.trackedEvent(caller.accountId(), messageId, mail));
        }
        if (caller.warmUp()) {
            // Committed like any send, to the topic no one reads: nothing is delivered, counted or reported.
            return commands.appendAtomically(appends.stream()
                    .map(append -> new EventLog.Append(Topics.WARM_UP, append.key(), append.event(), append.anyPartition())).toList())
                    .map(ignored -> messageId);
        }
        return commands.appendAtomically(appends)
                // The quota counts this send before the next request is judged (the ledger reads it back later).
                .invoke(stored -> ledger.committed(caller.accountId(), messageId, stored.get(1).partition(), stored.get(1).offset(),
                        (int) recipients.stream().filter(r -> !MailboxSimulator.isSimulator(r)).count()))
                .map(ignored -> messageId);
    }

    /** The warm-up tenant's sender: an address of {@code warm-up.invalid}, as if verified (nothing it sends leaves). */
    private static Optional<SendingAuthorization.Authorized> warmUpSender(Caller caller, String address) {
        if (!SenderIdentities.domainOf(address).equals(WARM_UP_DOMAIN)) {
            return Optional.empty();
        }
        return Optional.of(new SendingAuthorization.Authorized(SenderIdentity.verified(WarmUp.ACCOUNT, WARM_UP_DOMAIN),
                "arn:aws:ses:" + caller.region() + ":" + WarmUp.ACCOUNT + ":identity/" + WARM_UP_DOMAIN));
    }

    /** Easy DKIM signs when the address (or its domain) enables it and the domain's keys are verified in DNS. */
    private static OutboundMessage.Dkim dkim(SenderIdentity identity, SenderIdentity domain) {
        boolean enabled = identity == domain ? domain.signsWithDkim()
                : identity.signsWithDkim() || domain.signsWithDkim() && identity.dkimTokens() == null;
        if (!enabled || domain.dkimTokens() == null || domain.sealedDkimKey() == null) {
            return null;
        }
        return new OutboundMessage.Dkim(domain.name().toLowerCase(Locale.ROOT), domain.dkimTokens().get(0), domain.sealedDkimKey());
    }

    /** Each failing identity named once: a From without a display name is the same address in both forms. */
    private static SesException notVerified(Caller caller, List<String> identities) {
        return SesException.of("MessageRejected", "Email address is not verified. The following identities failed the check in region "
                + caller.region().toUpperCase(Locale.ROOT) + ": " + String.join(", ", new LinkedHashSet<>(identities)));
    }

    private static Map<String, List<String>> tags(List<MessageTag> list) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (MessageTag tag : list == null ? List.<MessageTag>of() : list) {
            String name = tag.name() == null ? "" : tag.name();
            String value = tag.value() == null ? "" : tag.value();
            if (!TAG.matcher(name).matches() || !TAG.matcher(value).matches()) {
                throw SesException.invalidParameterValue("Invalid tag " + name + "=" + value
                        + ": names and values are fewer than 256 characters of A-Z, a-z, 0-9, '_' and '-'.");
            }
            tags.put(name, List.of(value));
        }
        return tags;
    }

    /** {@code X-SES-MESSAGE-TAGS: name1=value1, name2=value2}. */
    private static Map<String, List<String>> headerTags(String header) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return tags;
        }
        for (String pair : header.split(",")) {
            String[] nameValue = pair.trim().split("=", 2);
            if (nameValue.length != 2 || !TAG.matcher(nameValue[0].trim()).matches() || !TAG.matcher(nameValue[1].trim()).matches()) {
                throw SesException.of("MessageRejected", "Invalid X-SES-MESSAGE-TAGS header: " + header);
            }
            tags.put(nameValue[0].trim(), List.of(nameValue[1].trim()));
        }
        return tags;
    }

    private static String text(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

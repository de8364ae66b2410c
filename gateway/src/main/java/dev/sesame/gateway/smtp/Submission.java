package dev.sesame.gateway.smtp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.gateway.auth.AuthenticatedTenant;
import dev.sesame.gateway.auth.Throttle;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.ses.protocol.SesException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One mail transaction on the submission server: MAIL FROM needs an authenticated session; the message becomes its
 * tenant's SendRawEmail with the envelope as Source and Destinations (so the X-SES-CONFIGURATION-SET and
 * X-SES-MESSAGE-TAGS headers, the sandbox, the quotas and DKIM apply as they do to the API), and SES's errors
 * become the replies SES's SMTP interface gives.
 */
final class Submission implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(Submission.class);

    private final MessageContext context;
    private final Throttle throttle;
    private final ServiceClient services;
    private final int maxMessageBytes;
    private final Duration patience;
    private AuthenticatedTenant caller;
    private String from;
    private final ObjectNode input = JsonNodeFactory.instance.objectNode();

    Submission(MessageContext context, Throttle throttle, ServiceClient services, int maxMessageBytes, Duration patience) {
        this.context = context;
        this.throttle = throttle;
        this.services = services;
        this.maxMessageBytes = maxMessageBytes;
        this.patience = patience;
    }

    @Override
    public void from(String from) throws RejectException {
        caller = SubmissionCommands.caller(context).orElseThrow(() -> new RejectException(530, "Authentication required"));
        this.from = from;
    }

    @Override
    public void recipient(String recipient) {
        input.withArray("Destinations").add(recipient);
    }

    @Override
    public String data(InputStream data) throws IOException, RejectException {
        byte[] message = bounded(data);
        if (message == null) {
            throw new RejectException(552, "5.3.4 Message size exceeds fixed maximum message size: " + maxMessageBytes + " bytes");
        }
        if (from != null && !from.isEmpty()) {
            input.put("Source", from);
        }
        input.putObject("RawMessage").put("Data", Base64.getEncoder().encodeToString(message));
        String requestId = UUID.randomUUID().toString();
        try {
            throttle.admit(caller.accountId());
            JsonNode result = services.call("SendRawEmail", input, caller, requestId).await().atMost(patience.plusSeconds(5));
            return "Ok " + result.path("MessageId").asText();
        } catch (SesException e) {
            throw reply(e);
        } catch (RuntimeException e) {
            LOG.warnf("SMTP submission %s failed: %s", requestId, e.toString());
            throw new RejectException(454, "Temporary service failure");
        }
    }

    @Override
    public void done() {
        // nothing held
    }

    /** The whole message, or null past the limit (read to its end all the same, so the session can go on). */
    private byte[] bounded(InputStream data) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        boolean over = false;
        for (int n; (n = data.read(buffer)) != -1; ) {
            if (!over && message.size() + n <= maxMessageBytes) {
                message.write(buffer, 0, n);
            } else {
                over = true;
            }
        }
        return over ? null : message.toByteArray();
    }

    /** SES's SMTP reply for an SES error (ses-formats.md section 9, and the 454/554 lines of section 7). */
    static RejectException reply(SesException e) {
        return switch (e.code()) {
            case "Throttling" -> new RejectException(454, "Throttling failure: " + e.getMessage());
            case "MessageRejected", "MailFromDomainNotVerifiedException", "ConfigurationSetDoesNotExist",
                 "AccountSendingPausedException", "ConfigurationSetSendingPausedException" ->
                    new RejectException(554, "Message rejected: " + e.getMessage());
            case "AccessDenied", "AccessDeniedException" -> new RejectException(554, "Access denied: " + e.getMessage());
            default -> e.httpStatus() >= 500 ? new RejectException(454, "Temporary service failure")
                    : new RejectException(554, "Transaction failed: " + e.getMessage());
        };
    }
}

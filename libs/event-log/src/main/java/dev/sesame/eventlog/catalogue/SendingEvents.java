package dev.sesame.eventlog.catalogue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The events of the sending service's topics (schemas in {@code docs/events/sending/}): accepted messages, the SES
 * event-publishing records, tracking, suppression, templates and the account's sending switch.
 */
public final class SendingEvents {

    /**
     * {@code MessageAccepted} on {@code sesame.sending.messages}, for the delivery workers: the bytes to send and
     * everything delivery must decide without asking anyone.
     *
     * @param envelopeFrom the SMTP MAIL FROM: {@code <message id>@<custom MAIL FROM or default domain>}
     * @param mime the message as sent, base64
     * @param feedbackTo where bounce and complaint feedback is mailed (Return-Path or Source), or null when forwarding is off
     * @param dkim how to sign, or null when the identity does not sign
     * @param mail the SES {@code mail} object every event record of this message carries
     * @param requireTls the configuration set's TlsPolicy is {@code Require}: delivered only over TLS
     */
    public record OutboundMessage(String messageId, String accountId, String region, Instant acceptedAt, String envelopeFrom,
                                  List<String> recipients, String mime, String feedbackTo, Dkim dkim,
                                  Map<String, Object> mail, boolean requireTls) {

        /** @param sealedKey the PKCS#8 private key, sealed under the DKIM key-encryption key */
        public record Dkim(String domain, String selector, String sealedKey) {
        }
    }

    /**
     * An SES event-publishing record ({@code sesame.sending.events}): its {@code eventType}, the {@code mail} object,
     * and the type's own object under the type's key (the others are absent), as operators consume it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SesEventRecord(String eventType, Map<String, Object> mail, Map<String, Object> send, Map<String, Object> reject,
                                 Map<String, Object> bounce, Map<String, Object> complaint, Map<String, Object> delivery,
                                 Map<String, Object> open, Map<String, Object> click, Map<String, Object> failure) {

        /** The record of {@code type} (one of the SES event types) with {@code detail} under its key. */
        public static SesEventRecord of(EventType type, Map<String, Object> mail, Map<String, Object> detail) {
            return switch (type) {
                case SEND -> new SesEventRecord(type.wireName(), mail, detail, null, null, null, null, null, null, null);
                case REJECT -> new SesEventRecord(type.wireName(), mail, null, detail, null, null, null, null, null, null);
                case BOUNCE -> new SesEventRecord(type.wireName(), mail, null, null, detail, null, null, null, null, null);
                case COMPLAINT -> new SesEventRecord(type.wireName(), mail, null, null, null, detail, null, null, null, null);
                case DELIVERY -> new SesEventRecord(type.wireName(), mail, null, null, null, null, detail, null, null, null);
                case OPEN -> new SesEventRecord(type.wireName(), mail, null, null, null, null, null, detail, null, null);
                case CLICK -> new SesEventRecord(type.wireName(), mail, null, null, null, null, null, null, detail, null);
                case RENDERING_FAILURE -> new SesEventRecord(type.wireName(), mail, null, null, null, null, null, null, null, detail);
                default -> throw new IllegalArgumentException(type + " is not an SES event-publishing type");
            };
        }
    }

    /** {@code sesame.sending.tracking}: a message whose opens and clicks are tracked, with the mail object their records carry. */
    public record MessageTracked(Map<String, Object> mail) {
    }

    /** @param emailAddress lower case; @param reason {@code BOUNCE} or {@code COMPLAINT} */
    public record SuppressedDestinationPut(String emailAddress, String reason) {
    }

    public record SuppressedDestinationDeleted(String emailAddress) {
    }

    /** Create- and UpdateTemplate: the whole template as it now is; each part may be null. */
    public record TemplatePut(String name, String subject, String text, String html) {
    }

    public record TemplateDeleted(String name) {
    }

    public record AccountSendingEnabledSet(boolean enabled) {
    }

    private SendingEvents() {
    }
}

package dev.sesame.sending.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An accepted message, as the API records it on {@code sesame.sending.messages} for the delivery workers: the
 * bytes to send and everything delivery must decide without asking anyone.
 *
 * @param envelopeFrom the SMTP MAIL FROM: {@code <message id>@<custom MAIL FROM or default domain>}
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

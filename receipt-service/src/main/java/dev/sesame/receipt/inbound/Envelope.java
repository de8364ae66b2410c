package dev.sesame.receipt.inbound;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * One received message as the inbound server saw it: its id, when it arrived, the client's address and HELO name,
 * the envelope sender ({@code ""} for the null sender), the owning tenant's recipients, and whether it came over TLS.
 */
public record Envelope(String messageId, Instant received, InetAddress client, String helo, String mailFrom, List<String> recipients,
                       boolean tls) {
}

package dev.sesame.receipt.inbound;

import java.util.ArrayList;
import java.util.List;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * What the inbound server's EHLO offers (through {@code EhloCommand}), in place of SubEthaSMTP's reply: STARTTLS
 * only before TLS starts (RFC 3207: "A server MUST NOT return the STARTTLS extension in response to an EHLO command
 * received after a TLS handshake has completed"), SIZE with its number after a space (RFC 1870), and an extension as
 * the last line, not a "250 Ok" that clients would read as one named "Ok" (RFC 5321 section 4.1.1.1). The inbound
 * server takes no AUTH, so none is offered.
 */
final class EhloReply {

    private EhloReply() {
    }

    static List<String> capabilities(Session session) {
        SMTPServer server = session.getServer();
        List<String> lines = new ArrayList<>(List.of("8BITMIME"));
        if (server.getMaxMessageSize() > 0) {
            lines.add("SIZE " + server.getMaxMessageSize());
        }
        if (server.getEnableTLS() && !server.getHideTLS() && !session.isTLSStarted()) {
            lines.add("STARTTLS");
        }
        lines.add("CHUNKING");
        lines.add("SMTPUTF8");
        return lines;
    }
}

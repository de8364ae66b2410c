package dev.sesame.receipt.inbound;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * The EHLO reply, in place of SubEthaSMTP's: STARTTLS is offered only before TLS starts (RFC 3207: "A server MUST NOT
 * return the STARTTLS extension in response to an EHLO command received after a TLS handshake has completed"),
 * SIZE carries its number after a space (RFC 1870), and the last line is an extension, not a "250 Ok" that clients
 * would read as one named "Ok" (RFC 5321 section 4.1.1.1). The inbound server takes no AUTH, so none is offered.
 */
final class EhloReply extends BaseCommand {

    EhloReply() {
        super("EHLO", "Introduce yourself.", "<hostname>");
    }

    @Override
    public void execute(String commandString, Session session) throws IOException {
        String[] args = getArgs(commandString);
        if (args.length < 2) {
            session.sendResponse("501 Syntax: EHLO hostname");
            return;
        }
        session.resetMailTransaction();
        session.setHelo(args[1]);
        session.sendResponse(reply(session.getServer(), session.isTLSStarted()));
    }

    static String reply(SMTPServer server, boolean tlsStarted) {
        List<String> lines = new ArrayList<>();
        lines.add(server.getHostName());
        lines.add("8BITMIME");
        if (server.getMaxMessageSize() > 0) {
            lines.add("SIZE " + server.getMaxMessageSize());
        }
        if (server.getEnableTLS() && !server.getHideTLS() && !tlsStarted) {
            lines.add("STARTTLS");
        }
        lines.add("CHUNKING");
        lines.add("SMTPUTF8");
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            reply.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            if (i < lines.size() - 1) {
                reply.append("\r\n");
            }
        }
        return reply.toString();
    }
}

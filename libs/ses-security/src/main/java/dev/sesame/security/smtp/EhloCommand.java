package dev.sesame.security.smtp;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO in place of SubEthaSMTP's, whose reply offers STARTTLS again after TLS and cannot be told what to offer: the
 * server's host name, then the lines {@code capabilities} gives for the session (whether TLS is up, say), as one
 * multi-line 250 reply. Both SMTP servers (inbound, and SES's SMTP interface) use it with their own lines.
 */
public final class EhloCommand extends BaseCommand {

    private final Function<Session, List<String>> capabilities;

    public EhloCommand(Function<Session, List<String>> capabilities) {
        super("EHLO", "Introduce yourself.", "<hostname>");
        this.capabilities = capabilities;
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
        List<String> lines = new java.util.ArrayList<>(List.of(session.getServer().getHostName()));
        lines.addAll(capabilities.apply(session));
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            reply.append(last ? "250 " : "250-").append(lines.get(i)).append(last ? "" : "\r\n");
        }
        session.sendResponse(reply.toString());
    }
}

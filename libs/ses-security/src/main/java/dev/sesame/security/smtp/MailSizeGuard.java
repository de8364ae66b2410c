package dev.sesame.security.smtp;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.command.MailCommand;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * MAIL FROM as SubEthaSMTP answers it, but a {@code SIZE=} too large for its int (found by {@code ./sesame bench
 * fuzz}: {@code SIZE=99999999999999999999} threw in the session thread and dropped the connection) exceeds any limit
 * and gets the reply RFC 1870 gives one that does: 552. Both SMTP servers (inbound, and the submission server of SES's
 * SMTP interface) use it.
 */
public final class MailSizeGuard extends BaseCommand {

    private static final Pattern SIZE = Pattern.compile("(?i)\\sSIZE=([0-9]+)");
    private final MailCommand mail = new MailCommand();

    public MailSizeGuard() {
        super("MAIL", "Specifies the sender.", "FROM:<sender> [ <parameters> ]");
    }

    @Override
    public void execute(String commandString, Session session) throws IOException, DropConnectionException {
        Matcher size = SIZE.matcher(commandString);
        if (size.find() && (size.group(1).length() > 10 || Long.parseLong(size.group(1)) > Integer.MAX_VALUE)) {
            session.sendResponse("552 5.3.4 Message size exceeds fixed limit");
            return;
        }
        mail.execute(commandString, session);
    }
}

package dev.sesame.gateway.smtp;

import dev.sesame.gateway.auth.Authenticator;
import dev.sesame.gateway.auth.AuthenticatedTenant;
import dev.sesame.ses.protocol.SesException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.quarkus.vertx.VertxContextSupport;
import org.jboss.logging.Logger;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** The submission server's EHLO offer and AUTH, in place of SubEthaSMTP's, with the replies SES's SMTP interface gives. */
final class SubmissionCommands {

    private static final Logger LOG = Logger.getLogger(SubmissionCommands.class);

    private SubmissionCommands() {
    }

    /** The tenant a session authenticated as. */
    record Authenticated(AuthenticatedTenant caller) implements AuthenticationHandler {
        @Override
        public Optional<String> auth(String clientInput, MessageContext context) {
            return Optional.empty();
        }

        @Override
        public Object getIdentity() {
            return caller;
        }
    }

    /** The tenant of a session, when it has authenticated. */
    static Optional<AuthenticatedTenant> caller(MessageContext context) {
        return context.getAuthenticationHandler().filter(Authenticated.class::isInstance).map(h -> ((Authenticated) h).caller());
    }

    /**
     * What EHLO offers, as SES answers it: 8BITMIME, SIZE, STARTTLS until TLS is up, then AUTH PLAIN LOGIN (offered only
     * over TLS, where it is accepted), and SES's closing {@code 250 Ok}.
     */
    static List<String> capabilities(Session session) {
        return List.of("8BITMIME", "SIZE " + session.getServer().getMaxMessageSize(),
                session.isTLSStarted() ? "AUTH PLAIN LOGIN" : "STARTTLS", "Ok");
    }

    /** AUTH PLAIN and AUTH LOGIN (RFC 4954, RFC 4616), over TLS only; the user name is an access key id. */
    static final class Auth extends BaseCommand {
        private final Authenticator authenticator;
        private final Duration patience;

        Auth(Authenticator authenticator, Duration patience) {
            super("AUTH", "Authenticate with an access key id and its SMTP password.", "<mechanism> [initial-response]");
            this.authenticator = authenticator;
            this.patience = patience;
        }

        @Override
        public void execute(String commandString, Session session) throws IOException {
            if (!session.isTLSStarted()) {
                session.sendResponse("530 Must issue a STARTTLS command first");
                return;
            }
            if (session.isAuthenticated()) {
                session.sendResponse("503 5.5.1 Already authenticated");
                return;
            }
            if (session.isMailTransactionInProgress()) {
                session.sendResponse("503 5.5.1 AUTH is not permitted during a mail transaction");
                return;
            }
            String[] args = getArgs(commandString);
            if (args.length < 2 || args.length > 3) {
                session.sendResponse("501 Syntax: AUTH mechanism [initial-response]");
                return;
            }
            String user;
            String password;
            switch (args[1].toUpperCase(Locale.ROOT)) {
                case "PLAIN" -> {
                    // authzid NUL authcid NUL passwd
                    String[] parts = decoded(args.length == 3 ? args[2] : prompt(session, "334 "), session);
                    if (parts == null) {
                        return;
                    }
                    String[] fields = parts[0].split("\0", -1);
                    if (fields.length != 3) {
                        session.sendResponse("501 5.5.2 AUTH PLAIN takes authzid NUL user NUL password");
                        return;
                    }
                    user = fields[1];
                    password = fields[2];
                }
                case "LOGIN" -> {
                    String[] name = decoded(args.length == 3 ? args[2] : prompt(session, "334 VXNlcm5hbWU6"), session);
                    if (name == null) {
                        return;
                    }
                    String[] secret = decoded(prompt(session, "334 UGFzc3dvcmQ6"), session);
                    if (secret == null) {
                        return;
                    }
                    user = name[0];
                    password = secret[0];
                }
                default -> {
                    session.sendResponse("504 5.5.4 Unrecognized authentication type");
                    return;
                }
            }
            session.sendResponse(login(session, user, password));
        }

        private String login(Session session, String user, String password) {
            try {
                // Hibernate Reactive wants a Vert.x context of its own: this is a session thread, which may wait.
                AuthenticatedTenant caller = VertxContextSupport.subscribeAndAwait(() -> authenticator.smtp(user, password).ifNoItem().after(patience).fail());
                if (caller == null) {
                    return "535 Authentication Credentials Invalid";
                }
                session.setAuthenticationHandler(new Authenticated(caller));
                return "235 Authentication successful.";
            } catch (SesException e) {
                return "554 Access denied: " + e.getMessage(); // a suspended tenant
            } catch (Throwable e) {
                LOG.warnf("SMTP authentication could not be checked: %s", e.toString());
                return "454 Temporary authentication failure";
            }
        }

        /** A client's answer to a 334 prompt; null when it hung up. */
        private static String prompt(Session session, String challenge) throws IOException {
            session.sendResponse(challenge);
            return session.getReader().readLine();
        }

        /** The base64 text decoded (one element), or null once the error is answered (cancelled, not base64). */
        private static String[] decoded(String response, Session session) throws IOException {
            if (response == null) {
                session.quit();
                return null;
            }
            if (response.equals("*")) {
                session.sendResponse("501 Authentication canceled by client.");
                return null;
            }
            try {
                return new String[] {new String(Base64.getDecoder().decode(response.trim()), StandardCharsets.UTF_8)};
            } catch (IllegalArgumentException e) {
                session.sendResponse("501 5.5.2 Cannot decode the response: it is not base64");
                return null;
            }
        }
    }
}

package dev.sesame.sending.delivery;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A blocking SMTP client: EHLO, STARTTLS when offered, then per transaction MAIL FROM, one RCPT TO per recipient,
 * DATA. The outcome is per recipient: each gets its RCPT reply, or the DATA reply when the server took it. A
 * connection whose transaction completed is kept (up to 16 per server, for 20 s) for the next transaction to the
 * same server, as MTAs reuse connections. Run it on a delivery thread, never an event loop.
 */
public final class SmtpClient {

    /** How long an idle connection is kept for the next transaction, and how many per server. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(20);
    private static final int MAX_IDLE_PER_ROUTE = 16;

    private final String helo;
    private final Duration timeout;
    private final Map<String, java.util.Deque<Session>> idle = new java.util.concurrent.ConcurrentHashMap<>();

    public SmtpClient(String helo, Duration timeout) {
        this.helo = helo;
        this.timeout = timeout;
    }

    /**
     * Sends {@code message} to {@code recipients} through {@code host:port}; every recipient gets a reply. A
     * connection left idle by an earlier transaction to the same server is used first; one that went stale
     * while idle is dropped and a new one carries the message.
     */
    public Map<String, SmtpReply> send(String host, int port, String mailFrom, List<String> recipients, byte[] message) {
        return send(host, port, mailFrom, recipients, message, false);
    }

    /**
     * As {@link #send(String, int, String, List, byte[])}; with {@code requireTls} only over TLS: a server that offers
     * no STARTTLS, or whose TLS handshake fails, gets no message, and every recipient a temporary failure.
     */
    public Map<String, SmtpReply> send(String host, int port, String mailFrom, List<String> recipients, byte[] message, boolean requireTls) {
        String route = host + ":" + port;
        for (Session idle = takeIdle(route, requireTls); idle != null; idle = takeIdle(route, requireTls)) {
            try {
                return transaction(route, idle, true, mailFrom, recipients, message, new LinkedHashMap<>());
            } catch (IOException e) {
                idle.close();
            }
        }
        Map<String, SmtpReply> replies = new LinkedHashMap<>();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            Session session = new Session(plain);
            SmtpReply greeting = session.read();
            if (!greeting.positive()) {
                session.close();
                return all(recipients, greeting);
            }
            SmtpReply ehlo = session.command("EHLO " + helo);
            if (!ehlo.positive()) {
                ehlo = session.command("HELO " + helo);
                if (!ehlo.positive()) {
                    session.quit();
                    return all(recipients, ehlo);
                }
            }
            boolean offered = ehlo.text().toUpperCase(Locale.ROOT).contains("STARTTLS");
            boolean upgraded = offered && session.command("STARTTLS").code() == 220;
            if (requireTls && !upgraded) {
                session.quit();
                return all(recipients, new SmtpReply(421, "4.7.10 " + route + " refused STARTTLS and the configuration set requires TLS"));
            }
            if (upgraded) {
                session = session.upgrade(host, port);
                ehlo = session.command("EHLO " + helo);
                if (!ehlo.positive()) {
                    session.quit();
                    return all(recipients, ehlo);
                }
            }
            return transaction(route, session, false, mailFrom, recipients, message, replies);
        } catch (IOException | GeneralSecurityException e) {
            try {
                plain.close(); // closes a TLS session layered on it too
            } catch (IOException ignored) {
                // already gone
            }
            SmtpReply unreachable = SmtpReply.unreachable(route + ": " + e.getMessage());
            for (String recipient : recipients) {
                // A recipient the server already answered for keeps that answer unless delivery did not complete.
                SmtpReply known = replies.get(recipient);
                replies.put(recipient, known != null && !known.positive() ? known : unreachable);
            }
            return replies;
        }
    }

    /**
     * MAIL, RCPT per recipient, DATA on an open session; a session whose transaction completed goes back to the
     * idle ones, any other is closed. Throws when the connection fails (the session is closed then).
     */
    private Map<String, SmtpReply> transaction(String route, Session session, boolean reused, String mailFrom, List<String> recipients,
                                               byte[] message, Map<String, SmtpReply> replies) throws IOException {
        try {
            SmtpReply from = session.command("MAIL FROM:<" + mailFrom + ">");
            if (reused && from.code() == 421) {
                throw new IOException("the idle connection was closed by the server: " + from.line());
            }
            if (!from.positive()) {
                session.quit();
                return all(recipients, from);
            }
            List<String> accepted = new java.util.ArrayList<>();
            for (String recipient : recipients) {
                SmtpReply rcpt = session.command("RCPT TO:<" + recipient + ">");
                replies.put(recipient, rcpt);
                if (rcpt.positive()) {
                    accepted.add(recipient);
                }
            }
            if (accepted.isEmpty()) {
                session.quit();
                return replies;
            }
            SmtpReply data = session.command("DATA");
            if (data.code() != 354) {
                accepted.forEach(r -> replies.put(r, data));
                session.quit();
                return replies;
            }
            SmtpReply done = session.data(message);
            accepted.forEach(r -> replies.put(r, done));
            if (done.code() == 421) {
                session.close();
            } else {
                keepIdle(route, session);
            }
            return replies;
        } catch (IOException e) {
            session.close();
            throw e;
        }
    }

    /** An idle session to the route (a TLS one when required, else either) that has not waited too long, or null. */
    private Session takeIdle(String route, boolean requireTls) {
        Session session = requireTls ? null : takeIdle(route);
        return session != null ? session : takeIdle(route + "#tls");
    }

    /** An idle session under the key that has not waited too long (servers drop idle clients), or null. */
    private Session takeIdle(String route) {
        java.util.Deque<Session> sessions = idle.get(route);
        Session session;
        while (sessions != null && (session = sessions.pollFirst()) != null) {
            if (System.nanoTime() - session.idleSince < MAX_IDLE.toNanos()) {
                return session;
            }
            session.quit();
        }
        return null;
    }

    private void keepIdle(String route, Session session) {
        java.util.Deque<Session> sessions = idle.computeIfAbsent(session.socket instanceof SSLSocket ? route + "#tls" : route, r -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        if (sessions.size() >= MAX_IDLE_PER_ROUTE) {
            session.quit();
            return;
        }
        session.idleSince = System.nanoTime();
        sessions.addFirst(session);
    }

    private static Map<String, SmtpReply> all(List<String> recipients, SmtpReply reply) {
        Map<String, SmtpReply> replies = new LinkedHashMap<>();
        recipients.forEach(r -> replies.put(r, reply));
        return replies;
    }

    /** One connection's reading and writing. */
    private final class Session {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        long idleSince;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream());
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }

        /** STARTTLS: opportunistic, as MTAs do; the peer's certificate is not checked. */
        Session upgrade(String host, int port) throws IOException, GeneralSecurityException {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new TrustAnything()}, null);
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
            secure.setSoTimeout((int) timeout.toMillis());
            secure.startHandshake();
            return new Session(secure);
        }

        SmtpReply command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        /** The message with dot-stuffing and bare LFs made CRLF, then the terminating dot. */
        SmtpReply data(byte[] message) throws IOException {
            boolean lineStart = true;
            for (int i = 0; i < message.length; i++) {
                byte b = message[i];
                if (lineStart && b == '.') {
                    out.write('.');
                }
                if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
                    out.write('\r');
                }
                out.write(b);
                lineStart = b == '\n';
            }
            if (!lineStart) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        }

        void quit() {
            try {
                command("QUIT");
            } catch (IOException e) {
                // the transaction's outcome is already known
            }
            close();
        }

        /** Reads a (possibly multi-line) reply. */
        SmtpReply read() throws IOException {
            StringBuilder text = new StringBuilder();
            while (true) {
                String line = readLine();
                if (line.length() < 3) {
                    throw new IOException("malformed SMTP reply: " + line);
                }
                int code = Integer.parseInt(line.substring(0, 3));
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new SmtpReply(code, text.toString());
                }
            }
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            if (b == -1 && line.size() == 0) {
                throw new IOException("connection closed by the server");
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }

    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // opportunistic TLS
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // opportunistic TLS
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package dev.sesame.gateway.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.gateway.auth.SmtpPassword;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * SES's SMTP interface on the wire, as ses-formats.md section 9 describes it: "The server always requires TLS",
 * "A client that tries AUTH before TLS is refused with 530 Must issue a STARTTLS command first", the user name is
 * the access key id and the password the one derived from its secret, and "535 Authentication Credentials Invalid"
 * otherwise. The sending service is down in the gateway's tests, so an authenticated message meets the SMTP
 * interface's "454 Temporary service failure".
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
class SubmissionServerTest {

    static final String KEY = "AKIATESTTESTTESTTEST";
    static final String SECRET = "test/secret/key+with/slashes0000000000000";

    @Inject
    SubmissionServer server;

    /** A line-oriented SMTP client: what it reads is the server's reply, continuation lines joined by newlines. */
    static final class Client implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        Client(Socket socket) throws IOException {
            attach(socket);
        }

        private void attach(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        String reply() throws IOException {
            StringBuilder reply = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    return reply + "(closed)";
                }
                reply.append(reply.isEmpty() ? "" : "\n").append(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            return reply.toString();
        }

        String send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        void startTls() throws Exception {
            assertEquals("220 Ready to start TLS", send("STARTTLS"));
            SSLSocket tls = (SSLSocket) trustingAll().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
            tls.startHandshake();
            attach(tls);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static SSLContext trustingAll() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return tls;
    }

    private Client startTlsPort() throws IOException {
        Client client = new Client(new Socket("127.0.0.1", server.port()));
        assertTrue(client.reply().startsWith("220 email-smtp.sesame.test ESMTP"));
        return client;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(String user, String password) {
        return "AUTH PLAIN " + b64("\0" + user + "\0" + password);
    }

    @Test
    void beforeTlsOnlyStartTlsIsOfferedAndNeitherAuthNorMailIsTaken() throws Exception {
        try (Client client = startTlsPort()) {
            String ehlo = client.send("EHLO client.example");
            assertTrue(ehlo.contains("250-STARTTLS"), ehlo);
            assertFalse(ehlo.contains("AUTH"), ehlo);
            assertTrue(ehlo.contains("250-SIZE 10485760"), ehlo);
            assertEquals("530 Must issue a STARTTLS command first", client.send(plain(KEY, SmtpPassword.of(SECRET, "us-east-1"))));
            assertEquals("530 Authentication required", client.send("MAIL FROM:<a@example.com>"));
        }
    }

    @Test
    void afterStartTlsTheDerivedPasswordLogsInWithPlainOrLogin() throws Exception {
        try (Client client = startTlsPort()) {
            client.send("EHLO client.example");
            client.startTls();
            String ehlo = client.send("EHLO client.example");
            assertTrue(ehlo.contains("250-AUTH PLAIN LOGIN"), ehlo);
            assertFalse(ehlo.contains("STARTTLS"), ehlo);
            assertEquals("530 Authentication required", client.send("MAIL FROM:<a@example.com>"));
            assertEquals("535 Authentication Credentials Invalid", client.send(plain(KEY, SECRET)), "the secret is not the SMTP password");
            assertEquals("535 Authentication Credentials Invalid", client.send(plain(KEY, SmtpPassword.of(SECRET, "us-west-2"))),
                    "the tenant is in us-east-1");
            assertEquals("535 Authentication Credentials Invalid", client.send(plain("AKIANOBODYNOBODYNOBO", SmtpPassword.of(SECRET, "us-east-1"))));
            assertEquals("235 Authentication successful.", client.send(plain(KEY, SmtpPassword.of(SECRET, "us-east-1"))));
            assertEquals("503 5.5.1 Already authenticated", client.send(plain(KEY, SmtpPassword.of(SECRET, "us-east-1"))));
        }
        try (Client client = startTlsPort()) {
            client.send("EHLO client.example");
            client.startTls();
            client.send("EHLO client.example");
            assertEquals("334 VXNlcm5hbWU6", client.send("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6", client.send(b64(KEY)));
            assertEquals("235 Authentication successful.", client.send(b64(SmtpPassword.legacy(SECRET))), "the legacy version-2 password");
        }
    }

    @Test
    void onTheImplicitTlsPortAMessageMeetsTheDownSendingServiceAsATemporaryFailure() throws Exception {
        Socket tls = trustingAll().getSocketFactory().createSocket("127.0.0.1", server.tlsPort());
        try (Client client = new Client(tls)) {
            assertTrue(client.reply().startsWith("220 "));
            String ehlo = client.send("EHLO client.example");
            assertTrue(ehlo.contains("250-AUTH PLAIN LOGIN"), ehlo);
            assertTrue(ehlo.endsWith("250 Ok"), ehlo);
            assertEquals("334 ", client.send("AUTH PLAIN"));
            assertEquals("235 Authentication successful.", client.send(b64("\0" + KEY + "\0" + SmtpPassword.of(SECRET, "us-east-1"))));
            // A SIZE beyond an int (the inbound server's fuzz finding, found again here): 552, not a dropped session.
            assertEquals("552 5.3.4 Message size exceeds fixed limit", client.send("MAIL FROM:<sender@example.com> SIZE=999999999999"));
            assertEquals("250 Ok", client.send("MAIL FROM:<sender@example.com>"));
            assertEquals("250 Ok", client.send("RCPT TO:<reader@example.com>"));
            assertEquals("354 End data with <CR><LF>.<CR><LF>", client.send("DATA"));
            assertEquals("454 Temporary service failure", client.send("From: sender@example.com\r\nSubject: s\r\n\r\nbody\r\n."));
            assertEquals("221 Bye", client.send("QUIT"));
        }
    }
}

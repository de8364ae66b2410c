package dev.sesame.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server (SubEthaSMTP) on a free loopback port that answers each recipient by its local part:
 * {@code reject…} gets {@code 550 5.1.1}, {@code defer…} always {@code 451 4.2.0}, {@code flaky…} {@code 451} the
 * first time and then accepts; everyone else is accepted. It keeps every message it accepts. One per JVM.
 */
public final class ProgrammableSmtpSink {

    private static ProgrammableSmtpSink shared;
    private static ProgrammableSmtpSink tlsOnly;

    /** A message as received: envelope sender, accepted recipients, the bytes, and when ({@link System#nanoTime()}). */
    public record Received(String from, List<String> recipients, byte[] data, long atNanos) {
    }

    private final SMTPServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    private ProgrammableSmtpSink(boolean requireTls) throws IOException {
        SMTPServer.Builder builder = SMTPServer.port(KafkaBroker.freePort())
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("sink.sesame.test")
                .messageHandlerFactory(context -> new Handler());
        if (requireTls) {
            builder.enableTLS().requireTLS().startTlsSocketFactory(selfSignedTls());
        }
        server = builder.build();
        server.start();
    }

    /** A sink that refuses mail until the client has issued STARTTLS (self-signed certificate). */
    public static synchronized ProgrammableSmtpSink tlsOnly() {
        if (tlsOnly == null) {
            try {
                tlsOnly = new ProgrammableSmtpSink(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tlsOnly;
    }

    private static javax.net.ssl.SSLContext selfSignedTls() throws IOException {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sesame-sink-tls");
            java.nio.file.Path store = dir.resolve("sink.p12");
            Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "sink", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            if (keytool.waitFor() != 0) {
                throw new IOException("keytool failed");
            }
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(store)) {
                keys.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, "changeit".toCharArray());
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(managers.getKeyManagers(), null, null);
            return tls;
        } catch (java.security.GeneralSecurityException | InterruptedException e) {
            throw new IOException("cannot make a TLS certificate for the sink", e);
        }
    }

    public static synchronized ProgrammableSmtpSink shared() {
        if (shared == null) {
            try {
                shared = new ProgrammableSmtpSink(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public int port() {
        return server.getPortAllocated();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Messages delivered to {@code recipient}. */
    public List<Received> to(String recipient) {
        List<Received> mine = new ArrayList<>();
        for (Received message : received) {
            if (message.recipients().stream().anyMatch(r -> r.equalsIgnoreCase(recipient))) {
                mine.add(message);
            }
        }
        return mine;
    }

    /** How many times {@code recipient} was offered in RCPT TO. */
    public int attempts(String recipient) {
        return attempts.getOrDefault(recipient.toLowerCase(Locale.ROOT), 0);
    }

    private final class Handler implements MessageHandler {
        private String from;
        private final List<String> recipients = new ArrayList<>();

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String address = recipient.toLowerCase(Locale.ROOT);
            int attempt = attempts.merge(address, 1, Integer::sum);
            String local = address.substring(0, address.indexOf('@'));
            if (local.startsWith("reject")) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: user unknown");
            }
            if (local.startsWith("defer") || local.startsWith("flaky") && attempt == 1) {
                throw new RejectException(451, "4.2.0 <" + recipient + ">: try again later");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException {
            byte[] bytes = data.readAllBytes();
            received.add(new Received(from, List.copyOf(recipients), bytes, System.nanoTime()));
            return null;
        }

        @Override
        public void done() {
            // nothing to release
        }
    }
}

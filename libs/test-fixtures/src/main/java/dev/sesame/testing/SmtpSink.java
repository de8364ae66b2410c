package dev.sesame.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on a free loopback port that keeps every message it accepts. One per JVM. */
public final class SmtpSink {

    private static SmtpSink shared;

    private final GreenMail server;

    private SmtpSink() throws IOException {
        server = new GreenMail(new ServerSetup(KafkaBroker.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    public static synchronized SmtpSink shared() {
        if (shared == null) {
            try {
                shared = new SmtpSink();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::stop));
        }
        return shared;
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    /** The messages received so far, oldest first. */
    public List<MimeMessage> messages() {
        return Arrays.asList(server.getReceivedMessages());
    }

    /** Waits up to {@code millis} for at least {@code count} messages. */
    public boolean await(int count, long millis) {
        return server.waitForIncomingEmail(millis, count);
    }
}

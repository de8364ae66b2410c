package dev.sesame.bench;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal SMTP server that accepts every message (non-blocking, on Vert.x) and notes when each arrived, by the
 * id in its SES Message-ID ({@code <id@domain>}), its subject, whether it carried a DKIM signature, and how many
 * copies of it came (a message delivered twice is a duplicate).
 */
final class SinkServer implements AutoCloseable {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*<([^@>]+)@");
    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject:\\s*(.*?)\r?$");

    /** When a message first arrived ({@link System#nanoTime()}), whether it was DKIM-signed, and its subject. */
    record Arrival(long atNanos, boolean dkimSigned, String subject) {
    }

    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> copies = new ConcurrentHashMap<>();
    private final Map<String, Long> lastCopy = new ConcurrentHashMap<>();
    private final AtomicLong messages = new AtomicLong();
    private final NetServer server;

    SinkServer(Vertx vertx) throws Exception {
        server = vertx.createNetServer().connectHandler(this::session);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    Map<String, Arrival> arrivals() {
        return arrivals;
    }

    long messages() {
        return messages.get();
    }

    /** When the message's last copy arrived ({@link System#nanoTime()}), if it ever did. */
    Long lastCopyAt(String messageId) {
        return lastCopy.get(messageId);
    }

    /** How many times the message arrived (0 when it never did). */
    long copies(String messageId) {
        AtomicLong count = copies.get(messageId);
        return count == null ? 0 : count.get();
    }

    private void session(NetSocket socket) {
        StringBuilder data = new StringBuilder();
        boolean[] inData = {false};
        socket.write("220 bench-sink ESMTP\r\n");
        socket.handler(RecordParser.newDelimited("\r\n", line -> {
            String text = line.toString(StandardCharsets.ISO_8859_1);
            if (inData[0]) {
                if (text.equals(".")) {
                    inData[0] = false;
                    long now = System.nanoTime();
                    messages.incrementAndGet();
                    Matcher id = MESSAGE_ID.matcher(data);
                    if (id.find()) {
                        Matcher subject = SUBJECT.matcher(data);
                        arrivals.putIfAbsent(id.group(1), new Arrival(now, data.indexOf("DKIM-Signature:") >= 0,
                                subject.find() ? subject.group(1) : ""));
                        copies.computeIfAbsent(id.group(1), i -> new AtomicLong()).incrementAndGet();
                        lastCopy.put(id.group(1), now);
                    }
                    data.setLength(0);
                    socket.write("250 2.0.0 Ok: queued\r\n");
                } else {
                    data.append(text).append("\r\n");
                }
                return;
            }
            String verb = text.length() >= 4 ? text.substring(0, 4).toUpperCase() : text.toUpperCase();
            switch (verb) {
                case "EHLO" -> socket.write("250-bench-sink\r\n250-8BITMIME\r\n250 SIZE 41943040\r\n");
                case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> socket.write("250 2.0.0 Ok\r\n");
                case "DATA" -> {
                    inData[0] = true;
                    socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
                }
                case "QUIT" -> socket.write("221 2.0.0 Bye\r\n").onComplete(done -> socket.close());
                default -> socket.write("502 5.5.2 Command not recognized\r\n");
            }
        }));
    }

    @Override
    public void close() {
        server.close();
    }
}

package dev.sesame.sending.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connection reuse against a real SMTP conversation over TCP: kept after a transaction, replaced when stale. */
class SmtpClientTest {

    /** A plain SMTP server that takes any number of transactions per connection, or one when {@code closeAfterOne}. */
    private static final class Server implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0);
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();

        Server(boolean closeAfterOne) throws Exception {
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet();
                        serve(client, closeAfterOne);
                    } catch (Exception e) {
                        // next connection
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(Socket client, boolean closeAfterOne) throws Exception {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            out.write("220 test\r\n".getBytes());
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
                if (verb.equals("DATA")) {
                    out.write("354 go\r\n".getBytes());
                    while (!".".equals(in.readLine())) {
                        // the message
                    }
                    messages.incrementAndGet();
                    out.write("250 2.0.0 queued\r\n".getBytes());
                    if (closeAfterOne) {
                        return;
                    }
                } else if (verb.equals("QUIT")) {
                    out.write("221 bye\r\n".getBytes());
                    return;
                } else {
                    out.write("250 ok\r\n".getBytes());
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static final byte[] MESSAGE = "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One transaction of one recipient; its reply code. */
    private static int sendOne(SmtpClient client, Server server) throws Exception {
        return client.send("127.0.0.1", server.socket.getLocalPort(), "a@example.com", List.of("b@example.net"), MESSAGE)
                .get("b@example.net").code();
    }

    @Test
    void aConnectionIsKeptForTheNextTransactionToTheSameServer() throws Exception {
        try (Server server = new Server(false)) {
            SmtpClient client = new SmtpClient("test.example", Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                assertEquals(250, sendOne(client, server));
            }
            assertEquals(3, server.messages.get());
            assertEquals(1, server.connections.get(), "three transactions on one connection");
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutLosingTheMessage() throws Exception {
        try (Server server = new Server(true)) {
            SmtpClient client = new SmtpClient("test.example", Duration.ofSeconds(5));
            for (int i = 0; i < 2; i++) {
                assertEquals(250, sendOne(client, server));
            }
            assertEquals(2, server.messages.get());
            assertEquals(2, server.connections.get());
        }
    }
}

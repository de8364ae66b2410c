package dev.sesame.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server the test controls, on a free loopback port (UDP and TCP): the test publishes
 * TXT, CNAME and MX records and the system under test finds them with real DNS queries.
 *
 * <p>Names with no record answer NXDOMAIN; names under {@link #failing} answer SERVFAIL (a DNS error).
 */
public final class TestDnsServer implements AutoCloseable {

    private static TestDnsServer shared;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final List<Name> failing = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public TestDnsServer() throws IOException {
        int port = KafkaBroker.freePort();
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        tcp = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        daemon("test-dns-udp", this::serveUdp);
        daemon("test-dns-tcp", this::serveTcp);
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestDnsServer shared() {
        if (shared == null) {
            try {
                shared = new TestDnsServer();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** {@code host:port} for a resolver setting. */
    public String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** A TXT record; text longer than a DNS character-string (255 bytes) is split into several, as for DKIM keys. */
    public void txt(String name, String value) {
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            strings.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        records.add(new TXTRecord(name(name), DClass.IN, 60, strings));
    }

    public void cname(String name, String target) {
        records.add(new CNAMERecord(name(name), DClass.IN, 60, name(target)));
    }

    public void mx(String name, int priority, String host) {
        records.add(new MXRecord(name(name), DClass.IN, 60, priority, name(host)));
    }

    /** Every query at or under this name answers SERVFAIL. */
    public void fail(String name) {
        failing.add(name(name));
    }

    public void clear() {
        records.clear();
        failing.clear();
    }

    byte[] answer(byte[] query) throws IOException {
        Message request = new Message(query);
        Message response = new Message(request.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = request.getQuestion();
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (failing.stream().anyMatch(f -> name.equals(f) || name.subdomain(f))) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response.toWire();
        }
        boolean exists = false;
        for (Record record : records) {
            if (record.getName().equals(name)) {
                exists = true;
                if (record.getType() == question.getType() || record.getType() == Type.CNAME) {
                    response.addRecord(record, Section.ANSWER);
                }
            }
        }
        if (!exists) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return response.toWire();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] answer = answer(query);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a malformed query: keep serving while running
            }
        }
    }

    private void serveTcp() {
        while (running) {
            try (Socket socket = tcp.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // closed, or a client went away
            }
        }
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (IOException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        running = false;
        udp.close();
        tcp.close();
    }
}

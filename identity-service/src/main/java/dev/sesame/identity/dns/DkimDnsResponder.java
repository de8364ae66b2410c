package dev.sesame.identity.dns;

import dev.sesame.identity.config.IdentityConfig;
import dev.sesame.identity.model.Identity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The platform's authoritative DNS for its DKIM domain: {@code <token>.<dkim-domain>} TXT answers
 * {@code v=DKIM1; k=rsa; p=<public key>}, so receivers can check the signatures the sending service makes.
 * UDP (truncated to the client's buffer, so it retries over TCP) and TCP, on one port.
 */
@Singleton
public class DkimDnsResponder {

    private static final Logger LOG = Logger.getLogger(DkimDnsResponder.class);

    private final Mutiny.SessionFactory sessions;
    private final IdentityConfig config;
    private final Name zone;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private volatile boolean running;

    public DkimDnsResponder(Mutiny.SessionFactory sessions, IdentityConfig config) throws IOException {
        this.sessions = sessions;
        this.config = config;
        this.zone = Name.fromString(config.dkimDomain().toLowerCase(Locale.ROOT) + ".");
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (config.dnsResponderPort() < 0) {
            return;
        }
        InetAddress host = InetAddress.getByName(config.dnsResponderHost());
        // Port 0 picks a free UDP port, whose number may be taken for TCP: pick again then.
        for (int attempt = 1; tcp == null; attempt++) {
            udp = new DatagramSocket(new InetSocketAddress(host, config.dnsResponderPort()));
            try {
                tcp = new ServerSocket(udp.getLocalPort(), 50, host);
            } catch (java.net.BindException e) {
                udp.close();
                if (config.dnsResponderPort() != 0 || attempt == 20) {
                    throw e;
                }
            }
        }
        running = true;
        daemon("dkim-dns-udp", this::serveUdp);
        daemon("dkim-dns-tcp", this::serveTcp);
        LOG.infof("DKIM DNS for %s on %s:%d (UDP and TCP)", zone, host.getHostAddress(), udp.getLocalPort());
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        running = false;
        if (udp != null) {
            udp.close();
            tcp.close();
        }
    }

    /** The port it answers on (useful when configured as 0, "any free port"). */
    public int port() {
        return udp == null ? -1 : udp.getLocalPort();
    }

    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (!name.subdomain(zone)) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        String publicKey = name.labels() == zone.labels() + 1 ? publicKey(name.getLabelString(0).toLowerCase(Locale.ROOT)) : null;
        if (publicKey == null) {
            response.getHeader().setRcode(name.equals(zone) ? Rcode.NOERROR : Rcode.NXDOMAIN);
        } else if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
            response.addRecord(new TXTRecord(name, DClass.IN, 3600, chunks("v=DKIM1; k=rsa; p=" + publicKey)), Section.ANSWER);
        }
        return response;
    }

    private String publicKey(String token) {
        if (!token.matches("[a-z2-7]{32}")) {
            return null;
        }
        try {
            List<Identity> found = VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(session -> session
                    .createQuery("from Identity where type = 'Domain' and dkimTokens like :token", Identity.class)
                    .setParameter("token", "%" + token + "%").setMaxResults(1).getResultList()));
            return found.isEmpty() ? null : found.get(0).dkimPublicKey;
        } catch (Throwable e) {
            LOG.warn("DKIM DNS lookup failed", e);
            return null;
        }
    }

    /** TXT strings are at most 255 characters each; resolvers join them. */
    private static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 255) {
            chunks.add(text.substring(i, Math.min(text.length(), i + 255)));
        }
        return chunks;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                OPTRecord opt = query.getOPT();
                int max = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                byte[] answer = answer(query).toWire(max);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a malformed query: keep serving while running
            }
        }
    }

    private void serveTcp() {
        while (running) {
            try (Socket socket = tcp.accept()) {
                socket.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(new Message(query)).toWire();
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // closed, or a client went away
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}

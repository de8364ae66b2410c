package dev.sesame.receipt.inbound;

import dev.sesame.receipt.model.ReceiptRules;
import dev.sesame.receipt.model.VerifiedRecipients;
import dev.sesame.security.TlsCertificate;
import dev.sesame.security.smtp.EhloCommand;
import dev.sesame.security.smtp.MailSizeGuard;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * The inbound SMTP server: accepts mail for the addresses and domains tenants have verified (others get 550),
 * applies the owning tenant's IP filters, offers STARTTLS (refusing mail without it where a matching rule has
 * TlsPolicy Require), and hands each accepted message to the tenant's active rule set.
 */
@Singleton
public class InboundSmtpServer {

    private static final Logger LOG = Logger.getLogger(InboundSmtpServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VerifiedRecipients recipients;
    private final ReceiptRules rules;
    private final ReceiptPipeline pipeline;
    private final int port;
    private final String host;
    private final int maxMessageBytes;
    private final String tlsKeystore;
    private final String tlsPassword;
    private final String hostname;
    private SMTPServer server;

    public InboundSmtpServer(VerifiedRecipients recipients, ReceiptRules rules, ReceiptPipeline pipeline,
                             @ConfigProperty(name = "sesame.receipt.smtp-port", defaultValue = "18107") int port,
                             @ConfigProperty(name = "sesame.receipt.smtp-host", defaultValue = "127.0.0.1") String host,
                             @ConfigProperty(name = "sesame.receipt.max-message-bytes", defaultValue = "41943040") int maxMessageBytes,
                             @ConfigProperty(name = "sesame.receipt.tls-keystore", defaultValue = "var/receipt-tls.p12") String tlsKeystore,
                             @ConfigProperty(name = "sesame.receipt.tls-keystore-password", defaultValue = "sesame-smtp") String tlsPassword,
                             @ConfigProperty(name = "sesame.receipt.hostname", defaultValue = "inbound-smtp.sesame.test") String hostname) {
        this.recipients = recipients;
        this.rules = rules;
        this.pipeline = pipeline;
        this.port = port;
        this.host = host;
        this.maxMessageBytes = maxMessageBytes;
        this.tlsKeystore = tlsKeystore;
        this.tlsPassword = tlsPassword;
        this.hostname = hostname;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (port < 0) {
            return;
        }
        server = SMTPServer.port(port).bindAddress(InetAddress.getByName(host)).hostName(hostname)
                .softwareName("Sesame").maxMessageSize(maxMessageBytes).messageHandlerFactory(Handler::new)
                .enableTLS().startTlsSocketFactory(TlsCertificate.context(Path.of(tlsKeystore), tlsPassword.toCharArray(), hostname)).build();
        server.getCommandHandler().addCommand(new EhloCommand(EhloReply::capabilities));
        server.getCommandHandler().addCommand(new MailSizeGuard());
        server.start();
        LOG.infof("inbound SMTP on %s:%d", host, server.getPortAllocated());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop();
        }
    }

    /** The port it listens on (useful when configured as 0). */
    public int port() {
        return server == null ? -1 : server.getPortAllocated();
    }

    /** SES's inbound message id: 40 lowercase base-36 characters. */
    static String messageId() {
        StringBuilder id = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return id.toString();
    }

    /** One SMTP transaction: recipients are grouped by the tenant that owns them. */
    private final class Handler implements MessageHandler {
        private final MessageContext context;
        private final InetAddress client;
        private String from;
        private final Map<String, List<String>> byTenant = new LinkedHashMap<>();

        Handler(MessageContext context) {
            this.context = context;
            this.client = ((InetSocketAddress) context.getRemoteAddress()).getAddress();
        }

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String owner = recipients.owner(recipient).orElseThrow(() ->
                    new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: mailbox unavailable"));
            if (IpFilters.blocked(rules.filters(owner), client)) {
                throw new RejectException(554, "5.7.1 Message rejected due to an IP filter");
            }
            if (rules.active(owner).isEmpty()) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: no active receipt rule set");
            }
            byTenant.computeIfAbsent(owner, o -> new ArrayList<>()).add(recipient);
        }

        @Override
        public String data(InputStream data) throws IOException, RejectException {
            byte[] message = data.readAllBytes();
            boolean tls = context instanceof Session session && session.isTLSStarted();
            for (Map.Entry<String, List<String>> tenant : byTenant.entrySet()) {
                Optional<ReceiptPipeline.Refusal> refusal = pipeline.refusal(tenant.getKey(), tenant.getValue(), tls, message.length);
                if (refusal.isPresent()) {
                    throw new RejectException(refusal.get().code(), refusal.get().text());
                }
            }
            String messageId = messageId();
            Instant received = Instant.now();
            for (Map.Entry<String, List<String>> tenant : byTenant.entrySet()) {
                pipeline.run(tenant.getKey(), new Envelope(messageId, received, client, context.getHelo().orElse(null), from,
                        tenant.getValue(), tls), message);
            }
            return "Ok " + messageId;
        }

        @Override
        public void done() {
            // nothing held
        }
    }
}

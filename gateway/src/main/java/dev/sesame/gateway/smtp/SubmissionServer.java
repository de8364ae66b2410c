package dev.sesame.gateway.smtp;

import dev.sesame.gateway.auth.Authenticator;
import dev.sesame.gateway.auth.Throttle;
import dev.sesame.gateway.config.GatewayConfig;
import dev.sesame.gateway.routing.ServiceClient;
import dev.sesame.security.TlsCertificate;
import dev.sesame.security.smtp.EhloCommand;
import dev.sesame.security.smtp.MailSizeGuard;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;
import org.subethamail.smtp.server.SMTPServer;

/**
 * SES's SMTP interface: a submission server on two ports, STARTTLS on one (SES's 587) and implicit TLS on the other
 * (SES's 465). A client authenticates with an access key id and the SMTP password derived from its secret (AUTH PLAIN
 * or LOGIN, only over TLS); each message it submits becomes a SendRawEmail of its tenant, routed to the sending
 * service as the Query API's are, and is answered {@code 250 Ok <MessageId>} once that is durable.
 */
@Singleton
public class SubmissionServer {

    private static final Logger LOG = Logger.getLogger(SubmissionServer.class);

    private final GatewayConfig.Smtp config;
    private final Authenticator authenticator;
    private final Throttle throttle;
    private final ServiceClient services;
    private final GatewayConfig gateway;
    private final Vertx vertx;
    private final List<SMTPServer> servers = new ArrayList<>();
    private int port = -1;
    private int tlsPort = -1;

    public SubmissionServer(GatewayConfig gateway, Authenticator authenticator, Throttle throttle, ServiceClient services, Vertx vertx) {
        this.gateway = gateway;
        this.config = gateway.smtp();
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.services = services;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (config.port() < 0 && config.tlsPort() < 0) {
            return;
        }
        SSLContext tls = tls();
        if (config.port() >= 0) {
            SMTPServer server = server(config.port(), tls, false);
            port = server.getPortAllocated();
        }
        if (config.tlsPort() >= 0) {
            SMTPServer server = server(config.tlsPort(), tls, true);
            tlsPort = server.getPortAllocated();
        }
        LOG.infof("SMTP submission on %s:%d (STARTTLS) and %s:%d (TLS)", config.host(), port, config.host(), tlsPort);
    }

    void stop(@Observes ShutdownEvent event) {
        servers.forEach(SMTPServer::stop);
    }

    /** The STARTTLS port (useful when configured as 0); -1 when off. */
    public int port() {
        return port;
    }

    /** The implicit-TLS port; -1 when off. */
    public int tlsPort() {
        return tlsPort;
    }

    private SMTPServer server(int listen, SSLContext tls, boolean implicitTls) throws IOException {
        SMTPServer.Builder builder = SMTPServer.port(listen).bindAddress(InetAddress.getByName(config.host())).hostName(config.hostname())
                .softwareName("Sesame").maxMessageSize(config.maxMessageBytes()).maxConnections(config.maxConnections())
                .connectionTimeout((int) config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .messageHandlerFactory(context -> new Submission(context, throttle, services, config.maxMessageBytes(),
                        gateway.serviceTimeout()));
        builder = implicitTls ? builder.serverSocketFactory(tls) : builder.enableTLS().startTlsSocketFactory(tls);
        SMTPServer server = builder.build();
        server.getCommandHandler().addCommand(new EhloCommand(SubmissionCommands::capabilities));
        server.getCommandHandler().addCommand(new SubmissionCommands.Auth(authenticator, gateway.serviceTimeout()));
        server.getCommandHandler().addCommand(new MailSizeGuard());
        server.start();
        servers.add(server);
        return server;
    }

    /** The configured certificate (the HTTPS endpoint's, from the launcher), or a keytool-made one. */
    private SSLContext tls() throws IOException {
        if (config.certificate().isEmpty() || config.key().isEmpty()) {
            return TlsCertificate.context(Path.of(config.keystore()), "sesame-smtp".toCharArray(), config.hostname());
        }
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new PemKeyCertOptions().setCertPath(config.certificate().get()).setKeyPath(config.key().get())
                    .getKeyManagerFactory(vertx.getDelegate()).getKeyManagers(), null, null);
            return tls;
        } catch (Exception e) {
            throw new IOException("cannot load the SMTP certificate " + config.certificate().get(), e);
        }
    }
}

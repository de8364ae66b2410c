package dev.sesame.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The gateway's configuration: where each service is, how tenants are authenticated, throttled and bootstrapped. */
@ConfigMapping(prefix = "sesame.gateway")
public interface GatewayConfig {

    /** Base URL of each service's internal API, by service name ({@code identity}, {@code sending}, …). */
    Map<String, String> services();

    /** Base64 of 32 bytes: the key that encrypts access-key secrets at rest (AES-256-GCM). */
    String masterKey();

    /** Requests per second one tenant may make to the SES endpoint before {@code Throttling}. */
    @WithDefault("200")
    int requestsPerSecond();

    /** How long a resolved access key stays cached before the database is asked again. */
    @WithDefault("PT30S")
    Duration credentialCacheTtl();

    /** How long the gateway waits for a service to answer. */
    @WithDefault("PT30S")
    Duration serviceTimeout();

    /** The event log tenants and access keys are recorded in ({@code sesame.tenancy.events}). */
    Tenancy tenancy();

    interface Tenancy {

        /** Kafka bootstrap servers. */
        String bootstrapServers();

        /** Partitions of {@code sesame.tenancy.events} when the gateway creates it. */
        @WithDefault("3")
        int partitions();

        /** How long a change waits for its event to be durable and in the tenant tables before it fails (503). */
        @WithDefault("PT15S")
        Duration commandTimeout();
    }

    /** The launcher's operator token: an operator credential of the admin API with or without Keycloak. */
    Optional<String> adminToken();

    /** Keycloak, which authenticates people and machines (admin API, Bearer SES calls). */
    Keycloak keycloak();

    interface Keycloak {
        /** Off: only the operator token opens the admin API, and SES calls take SigV4 only. */
        @WithDefault("false")
        boolean enabled();

        /** Keycloak's base URL; the realm is {@code sesame}. */
        @WithDefault("http://127.0.0.1:18108")
        String url();
    }

    /** SES's SMTP interface: mail submission for the tenants' access keys, with STARTTLS and with implicit TLS. */
    Smtp smtp();

    interface Smtp {
        /** The STARTTLS port (SES's 587); -1 turns it off. */
        @WithDefault("18121")
        int port();

        /** The implicit-TLS port (SES's 465); -1 turns it off. */
        @WithDefault("18122")
        int tlsPort();

        @WithDefault("127.0.0.1")
        String host();

        /** The name in the banner and the EHLO reply. */
        @WithDefault("email-smtp.sesame.test")
        String hostname();

        /** The certificate (PEM, with its chain) and its key; without them, a keytool-made one in {@link #keystore()}. */
        Optional<String> certificate();

        Optional<String> key();

        @WithDefault("var/smtp-submission-tls.p12")
        String keystore();

        /** The largest message accepted, as SES's SMTP interface advertises (SIZE 10485760). */
        @WithDefault("10485760")
        int maxMessageBytes();

        /** An idle session is closed after this long (SES: about 10 s). */
        @WithDefault("PT30S")
        Duration idleTimeout();

        @WithDefault("256")
        int maxConnections();
    }

    /**
     * The warm-up before the gateway reports ready: SendEmail requests to its own endpoint as the warm-up tenant
     * ({@code dev.sesame.security.WarmUp}), so that the JIT of every process on the request path has compiled it
     * before the first client arrives.
     */
    WarmUpLoad warmUp();

    interface WarmUpLoad {
        /** How many requests; 0 turns the warm-up off (ready at once). */
        @WithDefault("0")
        int requests();

        /** Keep-alive connections they are sent over. */
        @WithDefault("32")
        int connections();

        /**
         * The longest the requests may take, counted from when the sending service is ready; then the gateway is ready
         * anyway.
         */
        @WithDefault("PT120S")
        Duration patience();

        /**
         * The longest the gateway waits for the sending service to report ready (it replays its history first, which
         * grows with it); then it is ready without a warm-up.
         */
        @WithDefault("PT15M")
        Duration serviceWait();
    }

    /** A tenant created (or kept) at start-up, so a fresh system can be used at once. */
    Optional<BootstrapTenant> bootstrap();

    interface BootstrapTenant {
        String accountId();

        String accessKeyId();

        String secretAccessKey();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("bootstrap")
        String name();
    }
}

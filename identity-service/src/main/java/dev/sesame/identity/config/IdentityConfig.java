package dev.sesame.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the identity service verifies: DNS, Easy DKIM, confirmation mail. */
@ConfigMapping(prefix = "sesame.identity.verification")
public interface IdentityConfig {

    /** The platform's DKIM domain: customers' CNAMEs point to {@code <token>.<dkim-domain>}. */
    @WithDefault("dkim.sesame.test")
    String dkimDomain();

    /** Base64 of 32 bytes: seals DKIM private keys in events and at rest (shared with the sending service). */
    String dkimKeyEncryptionKey();

    /** DNS resolver (host or host:port) for TXT, CNAME and MX checks; the system's when absent. */
    Optional<String> resolver();

    /** How often pending identities are checked in DNS. */
    @WithDefault("PT60S")
    Duration checkInterval();

    /** How long DNS checks retry before a domain, DKIM or MAIL FROM setup is Failed. */
    @WithDefault("PT72H")
    Duration retryWindow();

    /** UDP and TCP port of the DKIM DNS responder; 0 takes any free port, -1 turns it off. */
    @WithDefault("18106")
    int dnsResponderPort();

    /** Address the DKIM DNS responder binds to. */
    @WithDefault("127.0.0.1")
    String dnsResponderHost();

    /** The platform's public URL: confirmation links point to {@code <public-url>/confirmations/<token>}. */
    @WithDefault("http://127.0.0.1:18100")
    String publicUrl();

    /** The sender of confirmation mail. */
    @WithDefault("no-reply@sesame.test")
    String mailFrom();

    /** How long a confirmation link works. */
    @WithDefault("PT24H")
    Duration confirmationValidity();

    /** The host a custom MAIL FROM domain's MX must point to. */
    @WithDefault("feedback-smtp.sesame.test")
    String feedbackHost();
}

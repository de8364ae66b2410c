package dev.sesame.service.api;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/** The DNS resolver a service asks: the configured {@code host[:port]}, or the system's resolvers when none is set. */
public final class DnsResolvers {

    private DnsResolvers() {
    }

    public static Resolver of(Optional<String> hostPort, Duration timeout) {
        Resolver resolver;
        if (hostPort.isPresent()) {
            String[] parts = hostPort.get().split(":");
            try {
                SimpleResolver simple = new SimpleResolver(parts[0]);
                if (parts.length > 1) {
                    simple.setPort(Integer.parseInt(parts[1]));
                }
                resolver = simple;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("DNS resolver " + hostPort.get() + " is not a host", e);
            }
        } else {
            resolver = new ExtendedResolver();
        }
        resolver.setTimeout(timeout);
        return resolver;
    }
}

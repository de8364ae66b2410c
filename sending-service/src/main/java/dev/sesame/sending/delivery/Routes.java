package dev.sesame.sending.delivery;

import dev.sesame.sending.config.SendingConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import dev.sesame.service.api.DnsResolvers;
import org.xbill.DNS.Type;

/** Where mail for a domain goes: the configured relay, or the domain's MX hosts in preference order (its A as fallback). */
@Singleton
public class Routes {

    /** One SMTP server to try. */
    public record Hop(String host, int port) {
    }

    private final SendingConfig config;
    private final Resolver resolver;

    public Routes(SendingConfig config) {
        this.config = config;
        this.resolver = DnsResolvers.of(config.resolver(), Duration.ofSeconds(10));
    }

    /** Whether all mail goes through one relay (then every recipient shares one transaction). */
    public boolean relayed() {
        return config.relay().isPresent();
    }

    /** The hops to try for a recipient domain, best first; empty when the domain has no mail server. */
    public List<Hop> hops(String domain) throws IOException {
        if (config.relay().isPresent()) {
            String relay = config.relay().get();
            int colon = relay.lastIndexOf(':');
            return List.of(colon < 0 ? new Hop(relay, 25) : new Hop(relay.substring(0, colon), Integer.parseInt(relay.substring(colon + 1))));
        }
        Lookup lookup = new Lookup(domain.endsWith(".") ? domain : domain + ".", Type.MX);
        lookup.setResolver(resolver);
        Record[] records = lookup.run();
        if (lookup.getResult() == Lookup.TRY_AGAIN) {
            throw new IOException("DNS lookup of " + domain + " failed: " + lookup.getErrorString());
        }
        List<Hop> hops = new ArrayList<>();
        if (records != null) {
            Arrays.stream(records).map(MXRecord.class::cast).sorted(Comparator.comparingInt(MXRecord::getPriority))
                    .forEach(mx -> hops.add(new Hop(strip(mx.getTarget().toString()), config.mxPort())));
        }
        if (hops.isEmpty() && lookup.getResult() != Lookup.HOST_NOT_FOUND) {
            hops.add(new Hop(domain, config.mxPort()));
        }
        return hops;
    }

    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

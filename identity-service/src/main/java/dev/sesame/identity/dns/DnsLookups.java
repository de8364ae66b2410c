package dev.sesame.identity.dns;

import dev.sesame.identity.config.IdentityConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import dev.sesame.service.api.DnsResolvers;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The real DNS queries verification needs (TXT, CNAME, MX), against the configured resolver. Blocking: call
 * them from a worker thread, never the event loop.
 */
@Singleton
public class DnsLookups {

    /** What a check found: the record, no such record, or a DNS failure (try again later). */
    public enum Outcome { FOUND, NOT_FOUND, ERROR }

    private final Resolver resolver;

    public DnsLookups(IdentityConfig config) {
        this.resolver = DnsResolvers.of(config.resolver(), Duration.ofSeconds(5));
    }

    /** A TXT record at {@code name} whose text is {@code value} (or {@code amazonses:<value>}). */
    public Outcome txt(String name, String value) {
        return lookup(name, Type.TXT, record -> record instanceof TXTRecord txt && txt.getStrings().stream()
                .map(s -> s.startsWith("amazonses:") ? s.substring("amazonses:".length()) : s)
                .anyMatch(value::equals));
    }

    /** A CNAME at {@code name} pointing to {@code target}. */
    public Outcome cname(String name, String target) {
        return lookup(name, Type.CNAME, record -> record instanceof CNAMERecord cname
                && same(cname.getTarget().toString(), target));
    }

    /** An MX at {@code name} whose exchange is {@code host}. */
    public Outcome mx(String name, String host) {
        return lookup(name, Type.MX, record -> record instanceof MXRecord mx && same(mx.getTarget().toString(), host));
    }

    private Outcome lookup(String name, int type, Predicate<Record> wanted) {
        try {
            Lookup lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
            lookup.setResolver(resolver);
            lookup.setCache(null);
            Record[] records = lookup.run();
            return switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL -> List.of(records).stream().anyMatch(wanted) ? Outcome.FOUND : Outcome.NOT_FOUND;
                case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> Outcome.NOT_FOUND;
                default -> Outcome.ERROR;
            };
        } catch (TextParseException e) {
            return Outcome.NOT_FOUND;
        }
    }

    private static boolean same(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}

package dev.sesame.receipt.inbound;

import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import dev.sesame.service.api.DnsResolvers;

/**
 * The verdicts of a rule with ScanEnabled: SPF (RFC 7208, {@link Spf}) for the envelope sender and client address,
 * DKIM (RFC 6376, Apache jDKIM) for the message's signatures, DMARC (RFC 7489: the From domain's policy, passing
 * when SPF or DKIM passes for an aligned domain), all through the configured DNS resolver; spam and virus from the
 * content scanner.
 */
@Singleton
public class Scanner {

    private final Resolver resolver;
    private final ContentScanner content;

    public Scanner(@ConfigProperty(name = "sesame.receipt.resolver") Optional<String> resolver, ContentScanner content) {
        this.resolver = DnsResolvers.of(resolver, Duration.ofSeconds(5));
        this.content = content;
    }

    public Verdicts scan(Envelope envelope, byte[] message) {
        String spf = spf(envelope);
        Dkim dkim = dkim(message);
        String fromDomain = fromDomain(message);
        Dmarc dmarc = dmarc(fromDomain, envelope, spf, dkim);
        ContentScanner.Result scanned = content.scan(message);
        return new Verdicts(scanned.spam(), scanned.virus(), spf, dkim.status(), dmarc.status(), dmarc.policy());
    }

    /** SPF for MAIL FROM (or the HELO name for the null sender): pass PASS, fail FAIL, errors PROCESSING_FAILED, else GRAY. */
    private String spf(Envelope envelope) {
        return switch (Spf.check(resolver, envelope.client(), envelope.mailFrom(), envelope.helo())) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case TEMPERROR, PERMERROR -> "PROCESSING_FAILED";
            default -> "GRAY"; // softfail, neutral, none
        };
    }

    /** The DKIM verdict and the domains (d=) of the valid signatures. */
    private record Dkim(String status, List<String> domains) {
    }

    private Dkim dkim(byte[] message) {
        try {
            List<SignatureRecord> valid = new DKIMVerifier(new DNSPublicKeyRecordRetriever(resolver)).verify(new ByteArrayInputStream(message));
            if (valid == null || valid.isEmpty()) {
                return new Dkim("GRAY", List.of());
            }
            List<String> domains = new ArrayList<>();
            valid.forEach(signature -> domains.add(signature.getDToken().toString().toLowerCase(Locale.ROOT)));
            return new Dkim("PASS", domains);
        } catch (TempFailException e) {
            return new Dkim("PROCESSING_FAILED", List.of());
        } catch (FailException e) {
            return new Dkim("FAIL", List.of());
        } catch (IOException | RuntimeException e) {
            return new Dkim("PROCESSING_FAILED", List.of());
        }
    }

    private record Dmarc(String status, String policy) {
    }

    /**
     * DMARC: the policy at {@code _dmarc.<From domain>} (or its organizational domain); PASS when SPF passed for an
     * aligned MAIL FROM domain or DKIM for an aligned d= (relaxed alignment, or strict where aspf/adkim say s); a
     * failure is FAIL under p=quarantine or p=reject and GRAY under p=none, with the policy; no policy is GRAY.
     */
    private Dmarc dmarc(String fromDomain, Envelope envelope, String spf, Dkim dkim) {
        if (fromDomain == null) {
            return new Dmarc("GRAY", null);
        }
        Map<String, String> found;
        try {
            found = dmarcRecord("_dmarc." + fromDomain);
            if (found == null && !organizational(fromDomain).equals(fromDomain)) {
                found = dmarcRecord("_dmarc." + organizational(fromDomain));
            }
        } catch (IOException e) {
            return new Dmarc("PROCESSING_FAILED", null);
        }
        if (found == null) {
            return new Dmarc("GRAY", null);
        }
        Map<String, String> policy = found;
        String mailFrom = envelope.mailFrom() == null || envelope.mailFrom().isEmpty() ? envelope.helo()
                : envelope.mailFrom().substring(envelope.mailFrom().lastIndexOf('@') + 1);
        boolean spfAligned = "PASS".equals(spf) && mailFrom != null && aligned(fromDomain, mailFrom, policy.getOrDefault("aspf", "r"));
        boolean dkimAligned = dkim.domains().stream().anyMatch(d -> aligned(fromDomain, d, policy.getOrDefault("adkim", "r")));
        if (spfAligned || dkimAligned) {
            return new Dmarc("PASS", null);
        }
        String p = policy.getOrDefault("p", "none").toLowerCase(Locale.ROOT);
        return new Dmarc(p.equals("quarantine") || p.equals("reject") ? "FAIL" : "GRAY", p);
    }

    private static boolean aligned(String fromDomain, String domain, String mode) {
        String a = fromDomain.toLowerCase(Locale.ROOT);
        String b = domain.toLowerCase(Locale.ROOT);
        return mode.equals("s") ? a.equals(b) : organizational(a).equals(organizational(b));
    }

    /** The organizational domain, approximated by the last two labels (no public suffix list here). */
    static String organizational(String domain) {
        String[] labels = domain.toLowerCase(Locale.ROOT).split("\\.");
        return labels.length <= 2 ? domain.toLowerCase(Locale.ROOT) : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    /** The tags of the {@code v=DMARC1} record at the name, null when there is none. */
    private Map<String, String> dmarcRecord(String name) throws IOException {
        Lookup lookup;
        try {
            lookup = new Lookup(name, Type.TXT);
        } catch (TextParseException e) {
            return null;
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        if (lookup.getResult() == Lookup.TRY_AGAIN) {
            throw new IOException("DNS lookup of " + name + " failed: " + lookup.getErrorString());
        }
        for (Record record : records == null ? new Record[0] : records) {
            String text = String.join("", ((TXTRecord) record).getStrings());
            if (text.toUpperCase(Locale.ROOT).startsWith("V=DMARC1")) {
                Map<String, String> tags = new HashMap<>();
                for (String tag : text.split(";")) {
                    String[] kv = tag.split("=", 2);
                    if (kv.length == 2) {
                        tags.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
                    }
                }
                return tags;
            }
        }
        return null;
    }

    /** The domain of the From header's (first) address. */
    static String fromDomain(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? text : text.substring(0, end)).replaceAll("\r?\n[ \t]+", " ").split("\r?\n")) {
            if (line.regionMatches(true, 0, "From:", 0, 5)) {
                String value = line.substring(5);
                int at = value.lastIndexOf('@');
                if (at < 0) {
                    return null;
                }
                String domain = value.substring(at + 1).replaceAll("[>\\s].*$", "").trim();
                return domain.isEmpty() ? null : domain.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}

package dev.sesame.receipt.inbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An SPF check (RFC 7208) of a client address for a domain: the {@code v=spf1} TXT record's mechanisms
 * ({@code all}, {@code include}, {@code a}, {@code mx}, {@code ip4}, {@code ip6}, {@code exists}; {@code ptr} never
 * matches, as the RFC recommends against it) with their qualifiers, the {@code redirect} modifier, the common macros
 * ({@code %{s} %{l} %{o} %{d} %{i} %{h}}), and the limits of ten DNS-querying terms and two void lookups.
 */
final class Spf {

    /** The RFC's results. */
    enum Result { PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, TEMPERROR, PERMERROR }

    private static final int MAX_LOOKUPS = 10;
    private static final int MAX_VOID_LOOKUPS = 2;

    private final Resolver resolver;
    private final InetAddress client;
    private final String sender;
    private final String helo;
    private int lookups;
    private int voidLookups;

    /** Thrown to end the evaluation with a temperror or permerror. */
    private static final class Stop extends Exception {
        final Result result;

        Stop(Result result, String why) {
            super(why, null, false, false);
            this.result = result;
        }
    }

    private Spf(Resolver resolver, InetAddress client, String sender, String helo) {
        this.resolver = resolver;
        this.client = client;
        this.sender = sender;
        this.helo = helo;
    }

    /** check_host() for the MAIL FROM domain, or for the HELO name when the sender is null. */
    static Result check(Resolver resolver, InetAddress client, String mailFrom, String helo) {
        String heloName = helo == null ? "unknown" : helo;
        String sender = mailFrom == null || mailFrom.isEmpty() ? "postmaster@" + heloName : mailFrom;
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        try {
            return new Spf(resolver, client, sender, heloName).checkHost(domain);
        } catch (Stop stop) {
            return stop.result;
        }
    }

    private Result checkHost(String domain) throws Stop {
        String record = record(domain);
        if (record == null) {
            return Result.NONE;
        }
        String redirect = null;
        for (String term : record.trim().split("\\s+")) {
            String lower = term.toLowerCase(Locale.ROOT);
            if (lower.equals("v=spf1")) {
                continue;
            }
            if (lower.startsWith("redirect=")) {
                redirect = term.substring("redirect=".length());
                continue;
            }
            if (lower.matches("[a-z][a-z0-9_.-]*=.*")) {
                continue; // exp= and unknown modifiers
            }
            boolean qualified = "+-~?".indexOf(term.charAt(0)) >= 0;
            char qualifier = qualified ? term.charAt(0) : '+';
            String mechanism = qualified ? term.substring(1) : term;
            if (matches(domain, mechanism)) {
                return switch (qualifier) {
                    case '-' -> Result.FAIL;
                    case '~' -> Result.SOFTFAIL;
                    case '?' -> Result.NEUTRAL;
                    default -> Result.PASS;
                };
            }
        }
        if (redirect != null) {
            countLookup();
            Result redirected = checkHost(expand(redirect, domain));
            if (redirected == Result.NONE) {
                throw new Stop(Result.PERMERROR, "redirect to a domain without SPF");
            }
            return redirected;
        }
        return Result.NEUTRAL;
    }

    private boolean matches(String domain, String mechanism) throws Stop {
        String lower = mechanism.toLowerCase(Locale.ROOT);
        String name = lower.contains(":") ? lower.substring(0, lower.indexOf(':')) : lower.contains("/") ? lower.substring(0, lower.indexOf('/')) : lower;
        String argument = mechanism.contains(":") ? mechanism.substring(mechanism.indexOf(':') + 1) : null;
        String cidr = mechanism.contains("/") && !name.equals("ip4") && !name.equals("ip6") ? mechanism.substring(mechanism.indexOf('/')) : null;
        if (cidr != null && argument != null && argument.contains("/")) {
            argument = argument.substring(0, argument.indexOf('/'));
        }
        switch (name) {
            case "all":
                return true;
            case "include": {
                countLookup();
                Result included = checkHost(expand(required(argument), domain));
                return switch (included) {
                    case PASS -> true;
                    case TEMPERROR -> throw new Stop(Result.TEMPERROR, "include");
                    case PERMERROR, NONE -> throw new Stop(Result.PERMERROR, "include of a domain without SPF");
                    default -> false;
                };
            }
            case "a":
                countLookup();
                return addresses(argument == null ? domain : expand(argument, domain)).stream().anyMatch(a -> inCidr(a, cidr));
            case "mx": {
                countLookup();
                List<InetAddress> all = new ArrayList<>();
                int hosts = 0;
                for (Record record : lookup(argument == null ? domain : expand(argument, domain), Type.MX)) {
                    if (++hosts > 10) {
                        throw new Stop(Result.PERMERROR, "more than 10 MX hosts");
                    }
                    all.addAll(addresses(((MXRecord) record).getTarget().toString(true)));
                }
                return all.stream().anyMatch(a -> inCidr(a, cidr));
            }
            case "ip4", "ip6": {
                String network = required(argument);
                String prefix = network.contains("/") ? network.substring(network.indexOf('/')) : null;
                try {
                    InetAddress address = InetAddress.getByName(prefix == null ? network : network.substring(0, network.indexOf('/')));
                    return address.getAddress().length == client.getAddress().length && inCidr(address, prefix);
                } catch (UnknownHostException e) {
                    throw new Stop(Result.PERMERROR, "bad address " + network);
                }
            }
            case "exists":
                countLookup();
                return !lookup(expand(required(argument), domain), Type.A).isEmpty();
            case "ptr":
                countLookup();
                return false;
            default:
                throw new Stop(Result.PERMERROR, "unknown mechanism " + mechanism);
        }
    }

    private static String required(String argument) throws Stop {
        if (argument == null || argument.isEmpty()) {
            throw new Stop(Result.PERMERROR, "a mechanism needs its argument");
        }
        return argument;
    }

    /** Whether the client is in the network of {@code address} with the {@code /ip4-len[//ip6-len]} suffix. */
    private boolean inCidr(InetAddress address, String suffix) {
        byte[] a = address.getAddress();
        byte[] c = client.getAddress();
        if (a.length != c.length) {
            return false;
        }
        int bits = a.length * 8;
        if (suffix != null) {
            String[] parts = suffix.split("//");
            String length = a.length == 4 ? parts[0].replace("/", "") : parts.length > 1 ? parts[1] : "";
            if (!length.isEmpty()) {
                bits = Integer.parseInt(length);
            }
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (c[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private List<InetAddress> addresses(String host) throws Stop {
        List<InetAddress> addresses = new ArrayList<>();
        int type = client.getAddress().length == 4 ? Type.A : Type.AAAA;
        for (Record record : lookup(host, type)) {
            addresses.add(record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress());
        }
        return addresses;
    }

    private void countLookup() throws Stop {
        if (++lookups > MAX_LOOKUPS) {
            throw new Stop(Result.PERMERROR, "more than 10 DNS lookups");
        }
    }

    /** The single {@code v=spf1} record of the domain; null when there is none; permerror when there are several. */
    private String record(String domain) throws Stop {
        List<String> found = new ArrayList<>();
        for (Record record : lookup(domain, Type.TXT)) {
            String text = String.join("", ((TXTRecord) record).getStrings());
            if (text.equalsIgnoreCase("v=spf1") || text.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) {
                found.add(text);
            }
        }
        if (found.size() > 1) {
            throw new Stop(Result.PERMERROR, "several SPF records");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Record> lookup(String name, int type) throws Stop {
        Lookup lookup;
        try {
            lookup = new Lookup(name, type);
        } catch (TextParseException e) {
            throw new Stop(Result.PERMERROR, "bad name " + name);
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        int result = lookup.getResult();
        if (result == Lookup.TRY_AGAIN || result == Lookup.UNRECOVERABLE) {
            throw new Stop(Result.TEMPERROR, "DNS: " + lookup.getErrorString());
        }
        if (records == null || records.length == 0) {
            if (++voidLookups > MAX_VOID_LOOKUPS) {
                throw new Stop(Result.PERMERROR, "too many void lookups");
            }
            return List.of();
        }
        return List.of(records);
    }

    /** The macros of RFC 7208 section 7 that real records use, without transformers. */
    private String expand(String spec, String domain) throws Stop {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char ch = spec.charAt(i);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            if (i + 1 >= spec.length()) {
                throw new Stop(Result.PERMERROR, "bad macro in " + spec);
            }
            char next = spec.charAt(++i);
            switch (next) {
                case '%' -> out.append('%');
                case '_' -> out.append(' ');
                case '-' -> out.append("%20");
                case '{' -> {
                    int end = spec.indexOf('}', i);
                    if (end < 0) {
                        throw new Stop(Result.PERMERROR, "bad macro in " + spec);
                    }
                    out.append(macro(Character.toLowerCase(spec.charAt(i + 1)), domain));
                    i = end;
                }
                default -> throw new Stop(Result.PERMERROR, "bad macro in " + spec);
            }
        }
        return out.toString();
    }

    private String macro(char letter, String domain) throws Stop {
        return switch (letter) {
            case 's' -> sender;
            case 'l' -> sender.substring(0, sender.lastIndexOf('@'));
            case 'o' -> sender.substring(sender.lastIndexOf('@') + 1);
            case 'd' -> domain;
            case 'i' -> client.getHostAddress();
            case 'h' -> helo;
            case 'v' -> client.getAddress().length == 4 ? "in-addr" : "ip6";
            default -> throw new Stop(Result.PERMERROR, "unsupported macro %{" + letter + "}");
        };
    }
}

package dev.sesame.security.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/** The condition operators senders use in SES policies, with IAM's semantics for sets, missing keys and IfExists. */
final class Conditions {

    static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "IpAddress", "NotIpAddress", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "Null");

    private Conditions() {
    }

    /** Whether {@code operator} (with optional {@code ForAllValues:}/{@code ForAnyValue:} and {@code IfExists}) holds. */
    static boolean holds(String operator, List<String> expected, List<String> actual) {
        String op = operator;
        String set = null;
        int colon = op.indexOf(':');
        if (colon > 0) {
            set = op.substring(0, colon);
            op = op.substring(colon + 1);
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        if (op.equals("Null")) {
            boolean wantsMissing = expected.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return wantsMissing == (actual == null || actual.isEmpty());
        }
        if (actual == null || actual.isEmpty()) {
            // ForAllValues over nothing is vacuously true; every other test of a missing key fails unless IfExists.
            return "ForAllValues".equals(set) || ifExists;
        }
        boolean negated = op.startsWith("StringNot") || op.equals("NotIpAddress") || op.equals("DateNotEquals");
        BiPredicate<String, String> test = test(negated ? positive(op) : op);
        if ("ForAllValues".equals(set)) {
            return actual.stream().allMatch(a -> negated != expected.stream().anyMatch(e -> test.test(e, a)));
        }
        if (negated) {
            // A negated operator holds when no value matches any of the listed ones.
            return actual.stream().noneMatch(a -> expected.stream().anyMatch(e -> test.test(e, a)));
        }
        return actual.stream().anyMatch(a -> expected.stream().anyMatch(e -> test.test(e, a)));
    }

    private static String positive(String op) {
        return switch (op) {
            case "StringNotEquals" -> "StringEquals";
            case "StringNotEqualsIgnoreCase" -> "StringEqualsIgnoreCase";
            case "StringNotLike" -> "StringLike";
            case "NotIpAddress" -> "IpAddress";
            case "DateNotEquals" -> "DateEquals";
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static BiPredicate<String, String> test(String op) {
        return switch (op) {
            case "StringEquals" -> String::equals;
            case "StringEqualsIgnoreCase" -> String::equalsIgnoreCase;
            case "StringLike" -> Wildcards::matches;
            case "Bool" -> (e, a) -> e.equalsIgnoreCase(a);
            case "IpAddress" -> Conditions::inCidr;
            case "DateEquals" -> (e, a) -> time(a).equals(time(e));
            case "DateLessThan" -> (e, a) -> time(a).isBefore(time(e));
            case "DateLessThanEquals" -> (e, a) -> !time(a).isAfter(time(e));
            case "DateGreaterThan" -> (e, a) -> time(a).isAfter(time(e));
            case "DateGreaterThanEquals" -> (e, a) -> !time(a).isBefore(time(e));
            default -> throw new IllegalArgumentException("unknown condition operator " + op);
        };
    }

    /** Whether an operator name is one this evaluator knows (validated when a policy is put). */
    static boolean known(String operator) {
        String op = operator.contains(":") ? operator.substring(operator.indexOf(':') + 1) : operator;
        String prefix = operator.contains(":") ? operator.substring(0, operator.indexOf(':')) : null;
        if (prefix != null && !prefix.equals("ForAllValues") && !prefix.equals("ForAnyValue")) {
            return false;
        }
        if (op.endsWith("IfExists")) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        return OPERATORS.contains(op);
    }

    static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
        }
    }

    static boolean inCidr(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(network.length * 8).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(network.length * 8 - bits).subtract(BigInteger.ONE));
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

package dev.sesame.identity.service;

import dev.sesame.ses.protocol.SesException;
import java.util.regex.Pattern;

/** What SES accepts as an email address or a domain identity. */
public final class IdentityNames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");

    private IdentityNames() {
    }

    public static String emailAddress(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || !LOCAL_PART.matcher(address.substring(0, at)).matches() || !isDomain(address.substring(at + 1))) {
            throw SesException.invalidParameterValue("Invalid email address <" + address + ">.");
        }
        return address;
    }

    public static String domain(String domain) {
        if (!isDomain(domain)) {
            throw SesException.invalidParameterValue("Invalid domain name <" + domain + ">.");
        }
        return domain.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The identity named by {@code value}: its name, or an ARN {@code arn:aws:ses:<region>:<account>:identity/<name>}
     * of the caller's own account.
     */
    public static String fromNameOrArn(String accountId, String value) {
        if (!value.startsWith("arn:")) {
            return value;
        }
        String[] parts = value.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("ses") || !parts[5].startsWith("identity/") || parts[5].length() == 9) {
            throw SesException.invalidParameterValue("Invalid identity ARN " + value + ".");
        }
        if (!parts[4].equals(accountId)) {
            throw SesException.invalidParameterValue("Identity " + value + " does not belong to your account; only its owner can do this.");
        }
        return parts[5].substring("identity/".length());
    }

    public static boolean isEmailAddress(String identity) {
        return identity.indexOf('@') >= 0;
    }

    private static boolean isDomain(String domain) {
        if (domain.isEmpty() || domain.length() > 253 || !domain.contains(".")) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}

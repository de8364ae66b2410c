package dev.sesame.sending.service;

import java.util.Locale;

/**
 * SES's mailbox simulator: addresses at {@code simulator.amazonses.com} whose outcome is decided without any SMTP
 * traffic. {@code +label} is allowed and the domain and local part are case-insensitive.
 */
public final class MailboxSimulator {

    public static final String DOMAIN = "simulator.amazonses.com";

    /** What the simulator does with one address. */
    public enum Scenario { SUCCESS, BOUNCE, OOTO, COMPLAINT, SUPPRESSION_LIST }

    private MailboxSimulator() {
    }

    public static boolean isSimulator(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && address.substring(at + 1).toLowerCase(Locale.ROOT).equals(DOMAIN);
    }

    /** The scenario of a simulator address; any other local part is treated as on the suppression list. */
    public static Scenario scenario(String address) {
        String local = address.substring(0, address.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        int plus = local.indexOf('+');
        return switch (plus < 0 ? local : local.substring(0, plus)) {
            case "success" -> Scenario.SUCCESS;
            case "bounce" -> Scenario.BOUNCE;
            case "ooto" -> Scenario.OOTO;
            case "complaint" -> Scenario.COMPLAINT;
            default -> Scenario.SUPPRESSION_LIST;
        };
    }
}

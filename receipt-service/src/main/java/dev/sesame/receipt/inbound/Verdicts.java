package dev.sesame.receipt.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The five verdicts SES puts in a receipt notification, each {@code PASS}, {@code FAIL}, {@code GRAY} or
 * {@code PROCESSING_FAILED} (or {@code DISABLED} when the rule does not scan), and the domain's DMARC policy when
 * DMARC fails.
 */
public record Verdicts(String spam, String virus, String spf, String dkim, String dmarc, String dmarcPolicy) {

    public static final Verdicts DISABLED = new Verdicts("DISABLED", "DISABLED", "DISABLED", "DISABLED", "DISABLED", null);

    void writeTo(ObjectNode receipt) {
        receipt.putObject("spamVerdict").put("status", spam);
        receipt.putObject("virusVerdict").put("status", virus);
        receipt.putObject("spfVerdict").put("status", spf);
        receipt.putObject("dkimVerdict").put("status", dkim);
        receipt.putObject("dmarcVerdict").put("status", dmarc);
        if (dmarcPolicy != null) {
            receipt.put("dmarcPolicy", dmarcPolicy);
        }
    }
}

package dev.sesame.sending;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DKIM verifier for tests, written from RFC 6376 on its own (not sharing the signer's code): relaxed/relaxed,
 * rsa-sha256. Returns the tags of a valid signature, or throws saying what does not verify.
 */
final class DkimVerifier {

    private DkimVerifier() {
    }

    static Map<String, String> verify(byte[] message, PublicKey key) throws Exception {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        List<String[]> headers = new ArrayList<>();
        for (String raw : text.substring(0, end + 2).split("\r\n(?![ \t])")) {
            if (!raw.isEmpty()) {
                int colon = raw.indexOf(':');
                headers.add(new String[] {raw.substring(0, colon), raw.substring(colon + 1)});
            }
        }
        String[] signatureHeader = headers.stream().filter(h -> h[0].equalsIgnoreCase("DKIM-Signature")).findFirst()
                .orElseThrow(() -> new AssertionError("no DKIM-Signature header"));
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : signatureHeader[1].split(";")) {
            String[] kv = tag.split("=", 2);
            if (kv.length == 2) {
                tags.put(kv[0].trim(), kv[1].replaceAll("[ \t\r\n]", ""));
            }
        }
        if (!"relaxed/relaxed".equals(tags.get("c")) || !"rsa-sha256".equals(tags.get("a"))) {
            throw new AssertionError("unexpected c= or a=: " + tags);
        }
        String body = text.substring(end + 4).replaceAll("[ \t]+\r\n", "\r\n").replaceAll("[ \t]+", " ");
        body = body.replaceAll("(\r\n)+$", "");
        body = body.isEmpty() ? "" : body + "\r\n";
        String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.ISO_8859_1)));
        if (!bodyHash.equals(tags.get("bh"))) {
            throw new AssertionError("body hash mismatch: computed " + bodyHash + ", signed " + tags.get("bh"));
        }
        StringBuilder signed = new StringBuilder();
        List<String[]> remaining = new ArrayList<>(headers);
        for (String name : tags.get("h").split(":")) {
            for (int i = remaining.size() - 1; i >= 0; i--) {
                if (remaining.get(i)[0].trim().equalsIgnoreCase(name)) {
                    signed.append(relaxed(remaining.get(i))).append("\r\n");
                    remaining.remove(i);
                    break;
                }
            }
        }
        String withoutB = signatureHeader[1].replaceAll("b=[^;]*$", "b=").replaceAll("b=[^;]*;", "b=;");
        signed.append(relaxed(new String[] {"DKIM-Signature", withoutB.replaceAll("([; ])b=;", "$1b=;")}));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update(signed.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!rsa.verify(Base64.getDecoder().decode(tags.get("b")))) {
            throw new AssertionError("signature does not verify");
        }
        return tags;
    }

    private static String relaxed(String[] header) {
        return header[0].trim().toLowerCase() + ":" + header[1].replaceAll("\r\n([ \t])", "$1").replaceAll("[ \t]+", " ").trim();
    }
}

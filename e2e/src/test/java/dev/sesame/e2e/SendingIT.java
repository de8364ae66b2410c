package dev.sesame.e2e;

import static dev.sesame.e2e.SesameStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sesame.testing.ProgrammableSmtpSink;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.MessageDigest;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.MessageRejectedException;
import software.amazon.awssdk.services.ses.model.VerificationStatus;

/**
 * Sending on the launched stack: the SDK, boto3 and the CLI send; mail reaches the relay the test runs, intact and
 * DKIM-signed with the key the platform publishes in its own DNS.
 */
class SendingIT {

    private static SesameStack stack;

    @BeforeAll
    static void up() throws Exception {
        stack = SesameStack.shared();
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "send.e2e.example");
        stack.sesame("identity", "verify", "send.e2e.example");
    }

    /** The sending service learns of identities from the identity events: a moment after the verification. */
    private static String send(SesClient ses, String from, String to, String subject) throws InterruptedException {
        String[] id = new String[1];
        eventually("the sending service accepts " + from, () -> {
            try {
                id[0] = ses.sendEmail(r -> r.source(from).destination(d -> d.toAddresses(to))
                        .message(m -> m.subject(s -> s.data(subject)).body(b -> b.text(t -> t.data("hello from the SDK"))))).messageId();
                return true;
            } catch (MessageRejectedException e) {
                return false;
            }
        });
        return id[0];
    }

    private static byte[] delivered(String recipient, String messageId) throws InterruptedException {
        eventually("delivery of " + messageId + " to " + recipient, () -> stack.mail.to(recipient).stream()
                .anyMatch(m -> new String(m.data(), StandardCharsets.ISO_8859_1).contains(messageId)));
        return stack.mail.to(recipient).stream().filter(m -> new String(m.data(), StandardCharsets.ISO_8859_1).contains(messageId))
                .findFirst().orElseThrow().data();
    }

    @Test
    void theJavaSdkSendsAndTheMessageArrivesIntact() throws Exception {
        try (SesClient ses = stack.ses()) {
            String id = send(ses, "Sender <news@send.e2e.example>", "reader@inbox.e2e.example", "Hello ✓");
            assertTrue(id.matches("0100[0-9a-f]{12}-[0-9a-f-]{36}-000000"), id);
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(delivered("reader@inbox.e2e.example", id)));
            assertEquals("Hello ✓", message.getSubject());
            assertEquals("hello from the SDK", ((String) message.getContent()).trim());
            assertThrows(MessageRejectedException.class, () -> ses.sendEmail(r -> r.source("me@unverified.e2e.example")
                    .destination(d -> d.toAddresses("x@inbox.e2e.example"))
                    .message(m -> m.subject(s -> s.data("s")).body(b -> b.text(t -> t.data("t"))))));
            assertTrue(ses.getSendQuota().sentLast24Hours() >= 1);
        }
    }

    @Test
    void easyDkimSignaturesVerifyWithTheKeyThePlatformPublishes() throws Exception {
        try (SesClient ses = stack.ses()) {
            List<String> tokens = ses.verifyDomainDkim(r -> r.domain("send.e2e.example")).dkimTokens();
            tokens.forEach(t -> stack.dns.cname(t + "._domainkey.send.e2e.example", t + ".dkim.sesame.test"));
            eventually("DKIM verified", () -> ses.getIdentityDkimAttributes(r -> r.identities("send.e2e.example")).dkimAttributes()
                    .get("send.e2e.example").dkimVerificationStatus() == VerificationStatus.SUCCESS);
            String[] signed = new String[1];
            eventually("a signed message", () -> {
                try {
                    String id = send(ses, "news@send.e2e.example", "dkim@inbox.e2e.example", "signed");
                    signed[0] = new String(delivered("dkim@inbox.e2e.example", id), StandardCharsets.ISO_8859_1);
                    return signed[0].contains("\r\nDKIM-Signature:") || signed[0].startsWith("DKIM-Signature:");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, String> tags = tags(signed[0]);
            assertEquals("send.e2e.example", tags.get("d"));
            assertTrue(tokens.contains(tags.get("s")));
            assertTrue(verifies(signed[0], tags, platformKey(tags.get("s"))), "the signature verifies with the published key");
        }
    }

    private static PublicKey platformKey(String selector) throws Exception {
        SimpleResolver platform = new SimpleResolver("127.0.0.1");
        platform.setPort(stack.dkimDnsPort());
        Lookup lookup = new Lookup(selector + ".dkim.sesame.test.", Type.TXT);
        lookup.setResolver(platform);
        lookup.setCache(null);
        Record[] answer = lookup.run();
        String record = String.join("", ((TXTRecord) answer[0]).getStrings());
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2))));
    }

    /** The tags of the DKIM-Signature header, wherever the relay's own Received header put it. */
    private static Map<String, String> tags(String message) {
        String header = List.of(unfold(message.substring(0, message.indexOf("\r\n\r\n"))).split("\r\n")).stream()
                .filter(h -> h.startsWith("DKIM-Signature:")).findFirst().orElseThrow();
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : header.substring("DKIM-Signature:".length()).split(";")) {
            String[] kv = tag.split("=", 2);
            if (kv.length == 2) {
                tags.put(kv[0].trim(), kv[1].replaceAll("\\s", ""));
            }
        }
        return tags;
    }

    private static String unfold(String text) {
        return text.replaceAll("\r\n[ \t]", " ");
    }

    /** RFC 6376 relaxed/relaxed verification, independent of Sesame's signer. */
    private static boolean verifies(String message, Map<String, String> tags, PublicKey key) throws Exception {
        int end = message.indexOf("\r\n\r\n");
        List<String> headers = new ArrayList<>(List.of(unfold(message.substring(0, end)).split("\r\n")));
        String body = message.substring(end + 4).replaceAll("[ \t]+\r\n", "\r\n").replaceAll("[ \t]+", " ").replaceAll("(\r\n)+$", "");
        body = body.isEmpty() ? "" : body + "\r\n";
        String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.ISO_8859_1)));
        if (!bodyHash.equals(tags.get("bh"))) {
            return false;
        }
        StringBuilder signed = new StringBuilder();
        for (String name : tags.get("h").split(":")) {
            for (int i = headers.size() - 1; i >= 0; i--) {
                String h = headers.get(i);
                if (h.substring(0, h.indexOf(':')).trim().equalsIgnoreCase(name)) {
                    signed.append(relaxed(h)).append("\r\n");
                    headers.remove(i);
                    break;
                }
            }
        }
        String dkim = headers.stream().filter(h -> h.toLowerCase().startsWith("dkim-signature:")).findFirst().orElseThrow();
        signed.append(relaxed(dkim.replaceAll("b=[^;]*$", "b=")));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update(signed.toString().getBytes(StandardCharsets.ISO_8859_1));
        return rsa.verify(Base64.getDecoder().decode(tags.get("b")));
    }

    private static String relaxed(String header) {
        int colon = header.indexOf(':');
        return header.substring(0, colon).trim().toLowerCase() + ":" + header.substring(colon + 1).replaceAll("[ \t]+", " ").trim();
    }

    @Test
    void boto3AndTheCliSend() throws Exception {
        String script = Path.of(System.getProperty("sesame.root", "..")).resolve("e2e/src/test/python/sending.py").toString();
        String out = stack.run("python3", script);
        assertTrue(out.contains("boto3 sending: ok"), out);
        String raw = out.substring(out.indexOf("raw-id=") + 7).trim().split("\\s")[0];
        byte[] data = delivered("raw@inbox.e2e.example", raw);
        assertTrue(new String(data, StandardCharsets.ISO_8859_1).contains("filename=\"report.csv\""));
        String cli = stack.run("aws", "ses", "send-email", "--from", "cli@send.e2e.example", "--to", "cli@inbox.e2e.example",
                "--subject", "from the CLI", "--text", "plain text");
        assertTrue(cli.contains("\"MessageId\""), cli);
        String quota = stack.run("aws", "ses", "get-send-quota");
        assertTrue(quota.contains("\"Max24HourSend\""), quota);
    }
}

package dev.sesame.sending.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Open and click tracking as SES does it for a configuration set with tracking options: every {@code http(s)} link of
 * the HTML parts goes through {@code <base>/t/c/<token>} (unless its anchor has {@code ses:no-track}), and a 1×1
 * image {@code <base>/t/o/<token>} is added at the end of the body. A token is its payload (account, message, set and,
 * for a click, the link) and an HMAC of it, so only the links Sesame wrote redirect anywhere.
 */
public final class TrackingLinks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HREF = Pattern.compile("(href\\s*=\\s*)([\"'])(https?://[^\"']+)\\2", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);

    /** What a verified token says. {@code link} is null for an open. */
    public record Hit(String accountId, String messageId, String configurationSet, String link) {
    }

    private final byte[] key;

    /** @param secret the key the tokens are signed with (the services' internal key) */
    public TrackingLinks(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            this.key = mac.doFinal("sesame-tracking-links".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message with its HTML parts tracked; the message unchanged when it has no HTML. */
    public byte[] instrument(byte[] mime, String baseUrl, String accountId, String messageId, String configurationSet) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(mime)) {
                @Override
                protected void updateMessageID() {
                    // keep SES's Message-ID
                }
            };
            if (!rewrite(message, baseUrl, accountId, messageId, configurationSet)) {
                return mime;
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(mime.length + 1024);
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            return mime; // a message Jakarta Mail cannot rewrite goes untracked rather than not at all
        }
    }

    private boolean rewrite(Part part, String base, String account, String messageId, String set) throws MessagingException, IOException {
        if (part.isMimeType("text/html")) {
            String html = part.getContent().toString();
            String charset = new ContentType(part.getContentType()).getParameter("charset");
            ((MimePart) part).setText(html(html, base, account, messageId, set), charset == null ? "UTF-8" : charset, "html");
            return true;
        }
        boolean changed = false;
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                if (!Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                    changed |= rewrite(child, base, account, messageId, set);
                }
            }
            if (changed) {
                part.setContent(parts);
            }
        }
        return changed;
    }

    /** An HTML body with its links through the click URL and the open pixel at the end of the body. */
    String html(String html, String base, String account, String messageId, String set) {
        StringBuilder out = new StringBuilder(html.length() + 512);
        Matcher anchor = ANCHOR.matcher(html);
        while (anchor.find()) {
            String tag = anchor.group();
            if (!tag.toLowerCase(java.util.Locale.ROOT).contains("ses:no-track")) {
                Matcher href = HREF.matcher(tag);
                if (href.find()) {
                    String link = href.group(3).replace("&amp;", "&"); // the link as the browser follows it
                    tag = tag.substring(0, href.start()) + href.group(1) + href.group(2) + base + "/t/c/"
                            + token(account, messageId, set, link) + href.group(2) + tag.substring(href.end());
                }
            }
            anchor.appendReplacement(out, Matcher.quoteReplacement(tag));
        }
        anchor.appendTail(out);
        String pixel = "<img src=\"" + base + "/t/o/" + token(account, messageId, set, null)
                + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">";
        Matcher end = BODY_END.matcher(out);
        int at = -1;
        while (end.find()) {
            at = end.start();
        }
        return at < 0 ? out + pixel : out.substring(0, at) + pixel + out.substring(at);
    }

    String token(String account, String messageId, String set, String link) {
        ObjectNode payload = JSON.createObjectNode().put("a", account).put("m", messageId).put("s", set);
        if (link != null) {
            payload.put("l", link);
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(mac(bytes));
    }

    /** The token's payload when its HMAC is Sesame's; empty for anything else. */
    public Optional<Hit> verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payload))) {
                return Optional.empty();
            }
            JsonNode p = JSON.readTree(payload);
            return Optional.of(new Hit(p.path("a").asText(), p.path("m").asText(), p.path("s").asText(null), p.path("l").asText(null)));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.sesame.sending.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.eventlog.EventCodec;
import dev.sesame.service.api.Requests;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header lines a composed message reports (for its event records) are the lines of the bytes sent. */
class MimeComposerTest {

    private static ObjectNode request(String source, List<String> to, List<String> cc, List<String> replyTo, String subject,
                                      String charset, String textOrNull, String htmlOrNull) {
        ObjectNode input = EventCodec.JSON.createObjectNode().put("Source", source);
        ObjectNode destination = input.putObject("Destination");
        to.forEach(destination.withArray("ToAddresses")::add);
        if (!cc.isEmpty()) {
            cc.forEach(destination.withArray("CcAddresses")::add);
        }
        if (!replyTo.isEmpty()) {
            replyTo.forEach(input.withArray("ReplyToAddresses")::add);
        }
        ObjectNode message = input.putObject("Message");
        message.putObject("Subject").put("Data", subject);
        ObjectNode body = message.putObject("Body");
        if (textOrNull != null) {
            ObjectNode text = body.putObject("Text").put("Data", textOrNull);
            if (charset != null) {
                text.put("Charset", charset);
            }
        }
        if (htmlOrNull != null) {
            ObjectNode html = body.putObject("Html").put("Data", htmlOrNull);
            if (charset != null) {
                html.put("Charset", charset);
            }
        }
        return input;
    }

    /** The request record the gateway's JSON decodes to. */
    private static SendingRequests.SendEmailRequest typed(ObjectNode input) {
        return Requests.decode(input, SendingRequests.SendEmailRequest.class);
    }

    /** The direct writer and Jakarta Mail give the same bytes and header lines wherever the direct writer answers. */
    @Test
    void theSimpleCaseIsWrittenAsJakartaMailWritesIt() {
        Date date = new Date(1_764_190_000_123L);
        String longSubject = "A subject long enough to be folded by Jakarta Mail because it goes well past seventy-six characters";
        String longLine = "x".repeat(998);
        List<ObjectNode> simple = List.of(
                request("bench@bench.example.com", List.of("success@simulator.amazonses.com"), List.of(), List.of(), "benchmark",
                        null, "A message of the benchmark.", null),
                request("Zoë Sender <sender@example.com>", List.of("a@example.com", "\"Doe, Jane\" <jane@example.net>",
                        "c@example.org", "d@example.org", "e@example.org"), List.of("cc@example.com"), List.of("reply@example.com"),
                        longSubject, "UTF-8", null, "<p>Hello</p>\r\n<p>again</p>"),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "", "iso-8859-1", "line\nbare\r\n\ttab", null),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "x", "US-ASCII", longLine + "\r\n" + longLine, null),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "Price: 5 \"quoted\" (a=b)", null, "", null));
        for (ObjectNode input : simple) {
            MimeComposer.Composed direct = MimeComposer.composeSimple(typed(input), "<id@example.com>", date);
            assertTrue(direct != null, "written directly: " + input);
            MimeComposer.Composed jakarta = MimeComposer.composeWithJakartaMail(typed(input), "<id@example.com>", date);
            assertEquals(new String(jakarta.mime(), java.nio.charset.StandardCharsets.ISO_8859_1),
                    new String(direct.mime(), java.nio.charset.StandardCharsets.ISO_8859_1), input.toString());
            assertEquals(jakarta.headers(), direct.headers(), input.toString());
        }
        List<ObjectNode> other = List.of(
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "x", null, "text", "<p>html</p>"),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "Grüße", null, "text", null),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "x", null, "Grüße", null),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "x", null, longLine + "y", null),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "x", "UTF-16", "text", null),
                request("s@example.com", List.of("t@example.com"), List.of(), List.of(), "x", null, "bell\u0007", null));
        for (ObjectNode input : other) {
            assertEquals(null, MimeComposer.composeSimple(typed(input), "<id@example.com>", date), "left to Jakarta Mail: " + input);
        }
    }

    @Test
    void theHeadersOfAComposedMessageAreThoseOfItsBytesUnfolded() {
        ObjectNode input = EventCodec.JSON.createObjectNode().put("Source", "Zoë Sender <sender@example.com>");
        input.putObject("Destination").putArray("ToAddresses").add("to@example.com");
        ObjectNode message = input.putObject("Message");
        message.putObject("Subject").put("Data", "Grüße aus Köln — ein Betreff, der lang genug ist, um gefaltet zu werden, "
                + "weil er weit über achtundsiebzig Zeichen hinausgeht");
        message.putObject("Body").putObject("Text").put("Data", "Hallo");
        message.with("Body").putObject("Html").put("Data", "<p>Hallo</p>");

        MimeComposer.Composed composed = MimeComposer.compose(typed(input), "<id@example.com>", new Date());

        assertEquals(MimeComposer.headers(composed.mime()), composed.headers());
        List<String> names = composed.headers().stream().map(MimeComposer.HeaderLine::name).toList();
        assertTrue(names.containsAll(List.of("Date", "From", "To", "Message-ID", "Subject", "MIME-Version", "Content-Type")), names.toString());
        String subject = composed.headers().stream().filter(h -> h.name().equals("Subject")).findFirst().orElseThrow().value();
        assertTrue(subject.startsWith("=?UTF-8?"), subject);
        assertFalse(subject.contains("\n") || subject.contains("\r"), "unfolded: " + subject);
        assertTrue(new String(composed.mime(), java.nio.charset.StandardCharsets.US_ASCII).contains("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln"
                .substring(0, 20)), "folded in the bytes, as written");
    }
}

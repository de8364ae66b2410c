package dev.sesame.sending.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesame.events.log.EventCodec;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header lines a composed message reports (for its event records) are the lines of the bytes sent. */
class MimeComposerTest {

    @Test
    void theHeadersOfAComposedMessageAreThoseOfItsBytesUnfolded() {
        ObjectNode input = EventCodec.JSON.createObjectNode().put("Source", "Zoë Sender <sender@example.com>");
        input.putObject("Destination").putArray("ToAddresses").add("to@example.com");
        ObjectNode message = input.putObject("Message");
        message.putObject("Subject").put("Data", "Grüße aus Köln — ein Betreff, der lang genug ist, um gefaltet zu werden, "
                + "weil er weit über achtundsiebzig Zeichen hinausgeht");
        message.putObject("Body").putObject("Text").put("Data", "Hallo");
        message.with("Body").putObject("Html").put("Data", "<p>Hallo</p>");

        MimeComposer.Composed composed = MimeComposer.compose(input, "<id@example.com>", new Date());

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

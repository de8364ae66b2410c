package dev.sesame.sending.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text steps of DKIM signing (RFC 6376 3.4), without regular expressions compiled per call. */
class DkimCanonicalizationTest {

    @Test
    void bareLineFeedsBecomeCrlfAndCrlfStays() {
        assertEquals("a\r\nb\r\nc\r\n", DkimSigning.crlf("a\nb\r\nc\n"));
        assertEquals("\r\n\r\nx", DkimSigning.crlf("\n\nx"));
        String clean = "a\r\nb\r\n";
        assertSame(clean, DkimSigning.crlf(clean), "nothing to change, nothing copied");
    }

    @Test
    void relaxedBodyAndHeaderFoldingFollowTheRfc() {
        assertEquals(" C\r\nD E\r\n", DkimSigning.relaxedBody(" C \r\nD \t E\r\n\r\n\r\n"), "RFC 6376 3.4.5's example body");
        assertEquals("", DkimSigning.relaxedBody("\r\n \r\n"));
        assertEquals("a:X", DkimSigning.relaxedHeader("A: X"));
        assertEquals("b:Y Z", DkimSigning.relaxedHeader("B : Y\t\r\n\tZ  "));
        assertEquals(List.of("A: X", "B : Y\r\n\tZ"), DkimSigning.fields("A: X\r\nB : Y\r\n\tZ\r\n"));
    }
}

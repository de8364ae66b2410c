package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fuzz run's short version ({@code ./sesame bench fuzz --requests 5000}) against the system tests' stack: hostile
 * requests to the SES endpoint, the admin API and the inbound SMTP server get no 5xx but the documented ones, no Java
 * names, and change nothing; every service is healthy afterwards. The full run (100,000 requests) is a benchmark.
 */
class FuzzIT {

    @Test
    void fiveThousandHostileRequestsFindNoDefect() throws Exception {
        SesameStack stack = SesameStack.shared();
        Path out = stack.root.resolve("e2e/target/bench-results");
        String printed = stack.sesame("bench", "fuzz", "--requests", "5000", "--out", out.toString());
        Matcher sent = Pattern.compile("([\\d,]+) HTTP requests").matcher(printed);
        assertTrue(sent.find() && Long.parseLong(sent.group(1).replace(",", "")) >= 5000, "the run sent what it was asked to: " + printed);
        assertTrue(printed.contains("Services healthy afterwards: all 5"), printed);
        assertTrue(printed.contains("Defects: **none**"), printed);
    }
}

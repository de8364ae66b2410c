package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The benchmark harness keeps working: a few seconds of {@code ./sesame bench smoke} against the stack and moto. */
class BenchSmokeIT {

    @Test
    void theSmokeScenarioMeasuresSesameAndMotoAndWritesItsReport() throws Exception {
        SesameStack stack = SesameStack.shared();
        Path out = stack.root.resolve("e2e/target/bench-results");
        String printed = stack.sesame("bench", "smoke", "--out", out.toString());
        Matcher sesame = Pattern.compile("\\| Sesame \\| (\\d+) \\| (\\d+) \\|").matcher(printed);
        assertTrue(sesame.find(), printed);
        assertTrue(Long.parseLong(sesame.group(2)) > 50 && sesame.group(1).equals(sesame.group(2)),
                "every request answered 200: " + printed);
        assertTrue(Pattern.compile("\\| moto \\| \\d+ \\| [1-9]\\d* \\|").matcher(printed).find(), "moto measured too: " + printed);
        assertTrue(printed.contains("| load generator |") && printed.contains("| kafka |") && printed.contains("| gateway |"), printed);
        try (var reports = Files.list(out)) {
            assertTrue(reports.anyMatch(f -> f.getFileName().toString().endsWith("-smoke.md")), "the report is written");
        }
    }
}

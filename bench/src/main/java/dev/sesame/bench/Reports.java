package dev.sesame.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Where every scenario's Markdown report goes: {@code <out>/<UTC stamp>-<scenario>.md}, and to standard output. */
final class Reports {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private Reports() {
    }

    static Path write(String out, String scenario, String report) throws IOException {
        Path dir = Path.of(out);
        Files.createDirectories(dir);
        Path file = dir.resolve(STAMP.format(Instant.now()) + "-" + scenario + ".md");
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("report: " + file);
        return file;
    }
}

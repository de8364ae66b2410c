package dev.sesame.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every row of docs/aws-errors.md, run with the AWS CLI against the launched stack: the code and message AWS gives. */
class AwsErrorsIT {

    private static final Pattern CODE_AND_MESSAGE = Pattern.compile("`([A-Za-z]+)` \\((\\d{3})\\): `(.*)`");

    record Row(String action, List<List<String>> steps, String answer) {
    }

    static List<Row> rows(SesameStack stack) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(stack.root.resolve("docs/aws-errors.md"), StandardCharsets.UTF_8)) {
            String[] cells = line.split(" \\| ");
            if (!line.startsWith("| ") || cells.length < 4 || cells[0].equals("| action") || line.startsWith("|---")) {
                continue;
            }
            List<List<String>> steps = new ArrayList<>();
            Matcher command = Pattern.compile("`([^`]+)`").matcher(cells[1]);
            while (command.find()) {
                steps.add(List.of(command.group(1).split(" ")));
            }
            rows.add(new Row(cells[0].substring(2), steps, cells[2]));
        }
        return rows;
    }

    @Test
    void everyRowOfTheTableIsHowSesameAnswers() throws Exception {
        SesameStack stack = SesameStack.shared();
        stack.run("aws", "ses", "verify-domain-identity", "--domain", "errors.e2e.example");
        stack.sesame("identity", "verify", "errors.e2e.example");
        List<Row> rows = rows(stack);
        assertTrue(rows.size() >= 10, "the table's rows are read: " + rows.size());
        for (Row row : rows) {
            SesameStack.Launched last = null;
            for (List<String> step : row.steps()) {
                if (last != null) {
                    assertEquals(0, last.exitCode(), row.action() + ": an earlier step failed: " + last.output());
                }
                List<String> command = new ArrayList<>(List.of("aws", "ses"));
                command.addAll(step);
                last = cli(stack, command);
            }
            if (row.answer().startsWith("accepted")) {
                assertEquals(0, last.exitCode(), row.action() + " " + row.steps() + ": " + last.output());
                continue;
            }
            Matcher expected = CODE_AND_MESSAGE.matcher(row.answer());
            assertTrue(expected.find(), "the answer cell names a code and a message: " + row.answer());
            String said = "An error occurred (" + expected.group(1) + ") when calling the " + row.action() + " operation: " + expected.group(3);
            assertTrue(last.output().contains(said), row.action() + " " + row.steps() + "\nexpected: " + said + "\nsaid: " + last.output());
        }
    }

    /** The CLI's exit code and output, errors included (the stack's own run() throws on a failure). */
    private static SesameStack.Launched cli(SesameStack stack, List<String> command) throws IOException, InterruptedException {
        try {
            return new SesameStack.Launched(0, stack.run(command.toArray(String[]::new)));
        } catch (AssertionError e) {
            return new SesameStack.Launched(1, e.getMessage());
        }
    }
}

package io.headroom.agent.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line of docs/reliability.md's bad-input table, written by the test that tried the input to
 * {@code target/reliability/badinput-<id>.md}; the app module's {@code ReliabilityReport}
 * assembles the lines of every module into docs/reliability.md.
 *
 * @param input       what was sent to the agent port, in the operator's words
 * @param tries       how many times
 * @param outcome     what the agent did with it
 * @param otherClient what a well-behaved client's stream did meanwhile
 * @param heap        heap after GC before and after the abuse
 */
public record ReliabilityRow(String id, String input, int tries, String outcome, String otherClient, String heap) {

    /** Repetitions per bad input: 3 in the build, -Dheadroom.faultRepetitions=N for a soak. */
    public static int repetitions() {
        return Integer.getInteger("headroom.faultRepetitions", 3);
    }

    public void write() {
        String line = "| " + cell(input) + " | " + tries + " | " + cell(outcome) + " | " + cell(otherClient) + " | "
                + cell(heap) + " |\n";
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve("badinput-" + id + ".md"), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

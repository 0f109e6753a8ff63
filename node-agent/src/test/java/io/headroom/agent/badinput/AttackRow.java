package io.headroom.agent.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line of docs/reliability.md's attacks table, written by the test that tried the attack to
 * {@code target/reliability/attack-<id>.md} after its assertions held; the app module's
 * {@code ReliabilityReport} puts the lines of every module into docs/reliability.md.
 *
 * @param id       orders the table: the point, then a letter ("1a", "2b")
 * @param attack   what was done, as an attacker or a careless administrator would
 * @param observed what the agent (or verify-audit, or the console) did, quoting its words
 * @param noticed  who notices, and where
 */
public record AttackRow(String id, String attack, String observed, String noticed) {

    public void write() {
        String line = "| " + cell(attack) + " | " + cell(observed) + " | " + cell(noticed) + " |\n";
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve("attack-" + id + ".md"), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line of a message, quoted: what an operator reads. */
    public static String quote(String message) {
        String first =
                message == null ? "" : message.strip().lines().findFirst().orElse("");
        return "\"" + (first.length() > 300 ? first.substring(0, 297) + "..." : first) + "\"";
    }

    private static String cell(String text) {
        // The tests' temporary folders differ run to run; the report should not.
        return text.replaceAll("/tmp/junit-?\\d+", "<dir>")
                .replace("|", "\\|")
                .replace("\n", " ")
                .replace("\u001b", "\\e");
    }
}

package io.headroom.app.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/**
 * Assembles docs/reliability.md from the rows the fault and bad-input tests wrote to their
 * modules' {@code target/reliability/}. Run by {@code ./mvnw -pl app -am verify -Preliability}
 * after the tests; argument: the checkout's root directory.
 */
public final class ReliabilityReport {

    private ReliabilityReport() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        List<String> faults = rows(root.resolve("app/target/reliability"), "fault-");
        List<String> badInput = rows(root.resolve("node-agent/target/reliability"), "badinput-");
        List<String> attacks = rows(root.resolve("node-agent/target/reliability"), "attack-");
        if (faults.isEmpty() || badInput.isEmpty()) {
            System.err.println("ReliabilityReport: no rows in app/target/reliability or node-agent/target/reliability; "
                    + "run the suites first: ./mvnw -pl app -am verify -Preliability");
            System.exit(1);
        }
        // Maven passes the expression itself when -Dheadroom.faultRepetitions was not given.
        String given = System.getProperty("headroom.faultRepetitions", "");
        String reps = given.matches("\\d+") ? given : "3 (the default)";
        var text = new StringBuilder();
        text.append("""
                # Reliability: faults and bad input, tried for real

                Written by the fault-injection and bad-input suites themselves; do not edit by hand. Regenerate with

                ```sh
                ./mvnw -pl app -am verify -Preliability                                # 3 repetitions per fault (as in CI)
                ./mvnw -pl app -am verify -Preliability -Dheadroom.faultRepetitions=20  # a longer soak
                ```

                """);
        text.append("This run: ")
                .append(LocalDate.now(ZoneOffset.UTC))
                .append(", repetitions per fault: ")
                .append(reps)
                .append(", on a machine with ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " cores. The same tests run in every `./mvnw verify` (3 repetitions, 1 for the database file).\n\n");
        text.append("""
                ## Faults between the console and its agents

                The real console (its window on JavaFX's headless platform, its H2 store, outbox and replayer) against
                real agents on loopback: the simulator served over gRPC, in the test's JVM or as a child process.
                Network faults go through a TCP proxy (`app/src/test/java/io/headroom/app/reliability/TcpFaultProxy.java`).
                Operations are counted on the agent side, behind its idempotency ledger (how often each was really
                carried out). *Detected*: from the fault to the agent shown unreachable and its GPUs stale. *Recovered*:
                from the fault cleared to the agent online again with fresh samples. The FX thread is pinged with
                `Platform.runLater` every 50 ms throughout; its longest wait is recorded, not asserted tightly.

                | fault | repetitions | what the console did | detected p50 / max | recovered p50 / max | operations queued / applied / lost / duplicated | FX thread longest wait |
                |---|---|---|---|---|---|---|
                """);
        faults.forEach(text::append);
        text.append("""

                ## Bad input on the agent port

                A running agent (the simulator, 64 GPUs, a batch every 100 ms) on a loopback port, while a well-behaved
                console (the production client) streams from it. Heap is measured after three `System.gc()` calls
                before and after; the bound asserted is 64 MiB of growth.

                Limits, as set: the agent accepts messages up to 1 MiB and headers up to 8 KiB
                (`AgentServer.MAX_INBOUND_BYTES`, `MAX_INBOUND_METADATA_BYTES`; headers up to 64 KiB are read
                and refused with their size, past that the transport answers HTTP 431); the console accepts messages up to 32 MiB
                (`ClientOptions.MAX_MESSAGE_BYTES`); Execute is limited per caller to 20 at once and 5 a second
                (`ExecuteRateLimit.DEFAULTS`, keyed by `CallerKey.of`: the authenticated identity, else the peer's IP address, IPv6 by
                its /64; never the `caller` metadata value, which the client chooses).

                | input | tries | what the agent did | a well-behaved client's stream meanwhile | heap after GC, before → after |
                |---|---|---|---|---|
                """);
        badInput.forEach(text::append);
        text.append("""

                ## Attacks, tried as an attacker or a careless administrator would

                Each row is written by the test that tried it, after its assertions held, quoting what the agent,
                `verify-audit` or the console said. What each mechanism guarantees, and what it does not, is in
                [security.md](security.md).

                | attack | what happened | who notices |
                |---|---|---|
                """);
        attacks.forEach(text::append);
        Path report = root.resolve("docs/reliability.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, text.toString(), StandardCharsets.UTF_8);
        System.out.println("ReliabilityReport: wrote " + report + " (" + faults.size() + " faults, " + badInput.size()
                + " bad inputs, " + attacks.size() + " attacks)");
    }

    private static List<String> rows(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}

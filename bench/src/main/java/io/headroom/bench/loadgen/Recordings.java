package io.headroom.bench.loadgen;

import io.headroom.core.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The simulator's batches recorded once for the replayer, kept under bench/target/replay and
 * named by what they hold, so the benchmarks that replay them (million, streaming --replay)
 * record a fleet once and read it back after.
 */
public final class Recordings {

    private Recordings() {}

    /** Where in {@code directory} (the benchmarks' bench/target/replay) a recording of these settings is kept. */
    public static Path fileFor(Path directory, int gpus, int agents, int rounds, long seed, int nodesPerBatch) {
        return directory.resolve(gpus + "g-" + agents + "a-" + rounds + "r-" + seed
                + (nodesPerBatch == 256 ? "" : "-" + nodesPerBatch + "n") + ".bin");
    }

    /**
     * Records into {@code file} in a JVM of its own, unless the file is there already.
     *
     * @throws IllegalStateException naming the log when the recording fails
     */
    public static void ensure(
            Path file,
            int gpus,
            int agents,
            int rounds,
            long seed,
            int nodesPerBatch,
            List<String> jvmOptions,
            Path logDir)
            throws IOException, InterruptedException {
        if (Files.isRegularFile(file)) {
            return;
        }
        System.out.printf(
                Locale.ROOT, "recording %,d GPUs in %d agents, %d rounds, into %s%n", gpus, agents, rounds, file);
        ChildJvm recorder = ChildJvm.ofClass(ReplayCommand.class)
                .name("recorder")
                .jvmOptions(jvmOptions)
                .args(List.of(
                        "--gpus",
                        Integer.toString(gpus),
                        "--agents",
                        Integer.toString(agents),
                        "--rounds",
                        Integer.toString(rounds),
                        "--seed",
                        Long.toString(seed),
                        "--nodes-per-batch",
                        Integer.toString(nodesPerBatch),
                        "--save",
                        file.toString(),
                        "--record-only"))
                .logTo(logDir.resolve("recorder.log"))
                .start();
        if (recorder.awaitExit() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("recording failed; see " + recorder.log() + ":\n" + recorder.tail());
        }
    }
}

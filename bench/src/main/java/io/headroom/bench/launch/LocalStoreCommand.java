package io.headroom.bench.launch;

import io.headroom.bench.BenchPaths;
import io.headroom.core.testing.ChildJvm;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The local store's benchmark (local-store's {@code LocalStoreBenchmark}) in a JVM of its own, with the heap it needs. */
@Command(
        name = "local-store",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Saving, history, bytes per GPU-day, a cold start from the store and the heatmap queries over a "
                + "week (docs/benchmarks/local-store.md).")
final class LocalStoreCommand implements Callable<Integer> {

    @Option(names = "--gpus", defaultValue = "100000", description = "GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(
            names = "--minute-hours",
            defaultValue = "48",
            description = "Hours of minute-tier history to write (default: ${DEFAULT-VALUE}).")
    int minuteHours;

    @Option(
            names = "--cache-only",
            description =
                    "Only the fleet cache: saves and cold starts, no history (a week of history for a million GPUs"
                            + " takes many minutes to write).")
    boolean cacheOnly;

    @Option(
            names = "--heap",
            defaultValue = "3g",
            description = "The benchmark JVM's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(
            names = "--cold-start-heap",
            defaultValue = "1g",
            description = "The -Xmx of each cold-start JVM, as the console would run (default: ${DEFAULT-VALUE}).")
    String coldStartHeap;

    @Option(
            names = "--dir",
            description = "Where the store goes; emptied first (default: bench/target/local-store-bench).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path where = dir != null ? dir : BenchPaths.work("local-store-bench");
        return BenchMain.runInOwnJvm(ChildJvm.ofClass(io.headroom.store.bench.LocalStoreBenchmark.class)
                .jvmOptions(
                        "-Xmx" + heap,
                        "-Dbench.minuteHours=" + minuteHours,
                        "-Dbench.cacheOnly=" + cacheOnly,
                        "-Dbench.coldStartHeap=" + coldStartHeap)
                .args(Integer.toString(gpus), where.toString()));
    }
}

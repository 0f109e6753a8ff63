package io.headroom.bench.launch;

import io.headroom.core.testing.ChildJvm;
import io.headroom.views.bench.ViewBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The view benchmark (views' {@link ViewBenchmark}) in a JVM of its own, with the heap and glass platform it needs. */
@Command(
        name = "views",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Drives the real console page with simulated GPUs sampled once a second: frame time, "
                + "sample to pixel, heap (docs/benchmarks/views.md).")
final class ViewsCommand implements Callable<Integer> {

    @Option(
            names = "--minutes",
            defaultValue = "5",
            description = "Measured minutes, after 30 s of warm-up (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--gpus", defaultValue = "100000", description = "GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--width", defaultValue = "1920", description = "Window width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "1080", description = "Window height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(
            names = "--zoom",
            defaultValue = "0",
            description =
                    "Zoom steps in around the middle, with the heatmap's controls shown as on a laptop; 0 shows the"
                            + " whole fleet as the wall does (default: ${DEFAULT-VALUE}).")
    int zoom;

    @Option(
            names = "--colouring",
            defaultValue = "state",
            description = "What the cells show: state, utilization, power, temperature or memory; utilization changes"
                    + " almost every cell every second (default: ${DEFAULT-VALUE}).")
    String colouring;

    @Option(
            names = "--heap",
            defaultValue = "1g",
            description = "The benchmark JVM's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(
            names = "--glass",
            defaultValue = "Headless",
            description =
                    "JavaFX's glass platform: Headless, or gtk under a display such as Xvfb (default: ${DEFAULT-VALUE}).")
    String glass;

    @Override
    public Integer call() throws Exception {
        return BenchMain.runInOwnJvm(ChildJvm.ofClass(ViewBenchmark.class)
                .jvmOptions("-Xmx" + heap, "-Dglass.platform=" + glass, "--enable-native-access=ALL-UNNAMED")
                .args(
                        Integer.toString(minutes),
                        Integer.toString(gpus),
                        Integer.toString(width),
                        Integer.toString(height),
                        Integer.toString(zoom),
                        colouring));
    }
}

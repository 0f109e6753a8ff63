package io.headroom.bench.prometheus;

import io.headroom.core.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/** Headroom's column: the console's client in its own JVM ({@link HeadroomConsumer}) against the simulator. */
final class HeadroomRun {

    private static final Pattern WINDOW_STARTS = Pattern.compile("^window starts$");
    private static final Pattern WINDOW_ENDS = Pattern.compile("^window ends$");

    private HeadroomRun() {}

    static PipelineFigures run(SimulatedSite site, ComparisonSettings settings, Path logs)
            throws IOException, InterruptedException {
        Path result = logs.resolve("headroom-consumer-" + site.gpus() + ".properties");
        Files.deleteIfExists(result);
        String name = "headroom-consumer-" + site.gpus();
        ChildJvm consumer = ChildJvm.ofClass(HeadroomConsumer.class)
                .name(name)
                .jvmOptions(settings.consumerJvmOptions())
                .args(
                        "--agent",
                        "127.0.0.1:" + site.grpcPort(),
                        "--gpus",
                        Integer.toString(site.gpus()),
                        "--warm-up-seconds",
                        Integer.toString(settings.warmUpSeconds()),
                        "--window-seconds",
                        Integer.toString(settings.windowSeconds()),
                        "--probe-ms",
                        Long.toString(settings.probe().toMillis()),
                        "--result",
                        result.toString())
                .logTo(logs.resolve(name + ".log"))
                .start();
        try {
            consumer.awaitLine(WINDOW_STARTS, Duration.ofMinutes(3).plusSeconds(settings.warmUpSeconds()));
            var start = MachineWindow.start(site);
            consumer.awaitLine(WINDOW_ENDS, Duration.ofSeconds(settings.windowSeconds() + 120L));
            var window = MachineWindow.end(start, site, 0);
            if (!consumer.awaitExit(Duration.ofMinutes(2)) || consumer.exitValue() != 0) {
                throw new IOException("the Headroom consumer did not finish cleanly:\n" + consumer.tail());
            }
            Properties figures = new Properties();
            try (InputStream in = Files.newInputStream(result)) {
                figures.load(in);
            }
            double cpu = Double.parseDouble(figures.getProperty("cpu.seconds"));
            window = new MachineWindow(
                    window.seconds(),
                    window.machineBusySeconds(),
                    window.machineTotalSeconds(),
                    window.simulatorSeconds(),
                    window.benchSeconds(),
                    cpu);
            String note = String.format(
                    "%s samples written into the fleet state, %s coalesced, %s batches missed",
                    figures.getProperty("samples.written"),
                    figures.getProperty("coalesced.samples"),
                    figures.getProperty("missed.batches"));
            return new PipelineFigures(
                    "Headroom: gRPC stream into FleetState",
                    FreshnessFigures.readFrom(figures, "freshness."),
                    cpu,
                    Long.parseLong(figures.getProperty("rss.bytes")),
                    Long.parseLong(figures.getProperty("rss.peak.bytes")),
                    Long.parseLong(figures.getProperty("rss.peak.after.reads.bytes")),
                    ReadTimes.readFrom(figures, "read.all."),
                    ReadTimes.readFrom(figures, "read.one."),
                    ReadTimes.readFrom(figures, "read.summary."),
                    window,
                    null,
                    note);
        } finally {
            consumer.stop();
        }
    }
}

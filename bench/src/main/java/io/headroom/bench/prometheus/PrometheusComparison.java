package io.headroom.bench.prometheus;

import io.headroom.bench.BenchPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Headroom against the stack most GPU sites run (dcgm-exporter pages scraped by
 * Prometheus), on the same simulated fleet, on this machine, in one run. For each fleet size
 * one simulator serves gRPC and dcgm pages at once; then, one after the other so that each
 * has the machine to itself, Headroom's client streams from it, and a Prometheus scrapes it
 * at each interval. Prints a Markdown table per size (docs/benchmarks/prometheus.md).
 */
@Command(
        name = "prometheus",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Headroom's gRPC stream against dcgm-exporter pages + Prometheus on one simulated fleet: "
                + "freshness, CPU and memory of the collecting process, time to read every GPU's state.")
public final class PrometheusComparison implements Callable<Integer> {

    @Option(
            names = "--gpus",
            split = ",",
            defaultValue = "10000,100000",
            description =
                    "Fleet sizes, one run each (default: ${DEFAULT-VALUE}); rounded up to whole racks of 64 GPUs.")
    List<Integer> sizes;

    @Option(
            names = "--scrape-intervals",
            split = ",",
            defaultValue = "1,15",
            description = "Prometheus scrape intervals in seconds, one case each (default: ${DEFAULT-VALUE}).")
    List<Integer> intervals;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "15",
            description = "Before each window (default: ${DEFAULT-VALUE}; at least three scrape intervals and 5 s).")
    int warmUpSeconds;

    @Option(
            names = "--window-seconds",
            defaultValue = "45",
            description = "Each measured window (default: ${DEFAULT-VALUE}; at least four scrape intervals).")
    int windowSeconds;

    @Option(
            names = "--probe-ms",
            defaultValue = "500",
            description =
                    "Freshness is looked at every this many ms plus a random part of as many (default: ${DEFAULT-VALUE}).")
    int probeMillis;

    @Option(
            names = "--endpoints",
            defaultValue = "rack",
            description = "The simulator's dcgm pages: one per rack or one per node (default: ${DEFAULT-VALUE}).")
    String endpoints;

    @Option(
            names = "--read-all-runs",
            defaultValue = "1",
            description =
                    "How often the query over every DCGM series is run (default: ${DEFAULT-VALUE}; it is slow at 100,000 GPUs).")
    int readAllRuns;

    @Option(
            names = "--query-timeout-seconds",
            defaultValue = "180",
            description = "Longest wait for one PromQL answer (default: ${DEFAULT-VALUE}).")
    int queryTimeoutSeconds;

    @Option(
            names = "--prometheus",
            defaultValue = "/usr/bin/prometheus",
            description =
                    "The Prometheus binary (default: ${DEFAULT-VALUE}; installed from Debian's package when missing and run as root).")
    Path prometheus;

    @Option(names = "--seed", defaultValue = "42", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--agent-jar",
            description = "The agent's shaded jar (default: node-agent/target/headroom-agent.jar of this checkout).")
    Path agentJar;

    @Option(
            names = "--simulator-jvm-options",
            defaultValue = "-Xmx3g",
            description = "JVM options of the simulator (default: ${DEFAULT-VALUE}).")
    String simulatorJvmOptions;

    @Option(
            names = "--consumer-jvm-options",
            defaultValue = "--enable-native-access=ALL-UNNAMED",
            description =
                    "JVM options of Headroom's client process (default: ${DEFAULT-VALUE}, heap and collector as the console's: the JVM's defaults).")
    String consumerJvmOptions;

    @Option(names = "--logs", description = "Where the children's logs go (default: bench/target/bench-logs).")
    Path logs;

    @Override
    public Integer call() throws Exception {
        if (sizes.stream().anyMatch(g -> g < 64)
                || intervals.stream().anyMatch(i -> i < 1)
                || warmUpSeconds < 0
                || windowSeconds < 5
                || probeMillis < 100
                || readAllRuns < 1
                || queryTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "need --gpus of at least 64, --scrape-intervals "
                            + "of at least 1 s, --window-seconds >= 5, --probe-ms >= 100, --read-all-runs >= 1");
        }
        if (!endpoints.equals("rack") && !endpoints.equals("node")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--endpoints is rack or node, was '" + endpoints + "'");
        }
        Path jar = agentJar != null ? agentJar : BenchPaths.agentJar();
        if (!Files.isRegularFile(jar)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "no agent jar at " + jar.toAbsolutePath()
                            + "; build it with ./mvnw -pl bench -am package -DskipTests");
        }
        Path logDir = logs != null ? logs : BenchPaths.logs();
        Files.createDirectories(logDir);
        Path binary = PrometheusServer.find(prometheus, logDir);
        var settings = new ComparisonSettings(
                warmUpSeconds,
                windowSeconds,
                Duration.ofMillis(probeMillis),
                words(consumerJvmOptions),
                readAllRuns,
                Duration.ofSeconds(queryTimeoutSeconds));
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %.1f GiB RAM; %s; %s; logs in %s%n",
                Runtime.getRuntime().availableProcessors(),
                memoryGib(),
                version(binary),
                "Java " + Runtime.version(),
                logDir.toAbsolutePath());
        long started = System.nanoTime();
        var report = new ComparisonReport(System.out);
        for (int gpus : sizes) {
            System.out.printf(Locale.ROOT, "%n== %,d GPUs: starting the simulator%n", gpus);
            try (var site = SimulatedSite.start(gpus, seed, endpoints, jar, words(simulatorJvmOptions), logDir)) {
                long rowsPerRound = site.rowsPerRound();
                System.out.printf(
                        Locale.ROOT, "  %,d rows in one round of its %,d dcgm pages%n", rowsPerRound, site.endpoints());
                List<PipelineFigures> columns = new ArrayList<>();
                System.out.printf(
                        Locale.ROOT, "  Headroom's client: warm-up %d s, window %d s%n", warmUpSeconds, windowSeconds);
                columns.add(HeadroomRun.run(site, settings, logDir));
                for (int interval : intervals) {
                    site.checkAlive();
                    columns.add(PrometheusRun.run(
                            site, rowsPerRound, binary, Duration.ofSeconds(interval), settings, logDir));
                }
                report.print(site, columns);
            }
        }
        System.out.printf(Locale.ROOT, "%nwhole run: %.1f min%n", (System.nanoTime() - started) / 60e9);
        return 0;
    }

    private static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
            p.waitFor();
            return first;
        } catch (IOException | InterruptedException e) {
            return binary.toString();
        }
    }

    private static double memoryGib() {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }

    private static List<String> words(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(o -> !o.isEmpty())
                .toList();
    }
}

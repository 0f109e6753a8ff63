package io.headroom.bench.launch;

import io.headroom.bench.StreamingBenchmark;
import io.headroom.bench.prometheus.PrometheusComparison;
import io.headroom.core.testing.ChildJvm;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one way to start a benchmark: {@code java -jar bench/target/headroom-bench.jar BENCHMARK [OPTIONS]}
 * (docs/benchmarks/README.md). Each benchmark is a subcommand with its own {@code --help}.
 */
@Command(
        name = "headroom-bench",
        mixinStandardHelpOptions = true,
        description = "Headroom's benchmarks, run by hand; figures in docs/benchmarks/.",
        subcommands = CommandLine.HelpCommand.class)
public final class BenchMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchMain())
                .addSubcommand("streaming", new StreamingBenchmark())
                .addSubcommand("prometheus", new PrometheusComparison())
                .addSubcommand("views", new ViewsCommand())
                .addSubcommand("local-store", new LocalStoreCommand())
                .addSubcommand("startup", new StartupCommand())
                .addSubcommand("workload-bytes", new io.headroom.bench.workloads.WorkloadBytesBenchmark())
                .addSubcommand("idle-holders", new io.headroom.bench.workloads.IdleHoldersBenchmark())
                .addSubcommand("promql-history", new io.headroom.bench.promql.PromqlHistoryBenchmark())
                .addSubcommand("agent-history", new io.headroom.bench.history.AgentHistoryBenchmark())
                .addSubcommand("backfill", new io.headroom.bench.history.BackfillBenchmark())
                .addSubcommand("simulator-history", new io.headroom.bench.history.SimulatorHistoryBenchmark())
                .addSubcommand("replay", new io.headroom.bench.loadgen.ReplayCommand())
                .addSubcommand("million", new io.headroom.bench.MillionBenchmark());
    }

    /**
     * Runs a benchmark in a JVM of its own (the heap and JavaFX settings it is measured with),
     * printing to this one's output; stopped with this JVM. Returns its exit code.
     */
    static int runInOwnJvm(ChildJvm.Builder benchmark) throws IOException, InterruptedException {
        ChildJvm child = benchmark.inheritIO().start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(child::stop));
        return child.awaitExit();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark");
    }
}

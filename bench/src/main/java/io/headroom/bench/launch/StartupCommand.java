package io.headroom.bench.launch;

import io.headroom.bench.BenchPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The start-up benchmark: {@code tools/startup-benchmark} of this checkout, which times an
 * installed console (or any launcher) from the outside and needs neither a JDK nor this jar on the
 * machine it measures; the packaging CI runs the script itself.
 */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Starts a console launcher on its embedded fleet several times and reads when the window was "
                + "painted and when the first live frame came (docs/benchmarks/startup.md).")
final class StartupCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "Measured starts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--gpus",
            defaultValue = "10240",
            description = "GPUs of the embedded fleet (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Parameters(
            arity = "0..*",
            paramLabel = "LAUNCHER",
            description =
                    "The launcher and its arguments, after --; default: the installed /opt/headroom/bin/headroom.")
    List<String> launcher = List.of();

    @Override
    public Integer call() throws Exception {
        Path script = BenchPaths.checkout().resolve("tools/startup-benchmark");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no " + script + ": run this jar from its checkout");
        }
        List<String> command = new ArrayList<>(
                List.of(script.toString(), "--runs", Integer.toString(runs), "--gpus", Integer.toString(gpus)));
        if (!launcher.isEmpty()) {
            command.add("--");
            command.addAll(launcher);
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}

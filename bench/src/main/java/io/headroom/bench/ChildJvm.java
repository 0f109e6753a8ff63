package io.headroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One agent, relay or other benchmark process running as its own JVM, its output in a log file. */
public final class ChildJvm {

    /** The agent's start line ends with where it listens: "... at 127.0.0.1:41234 (seed ...)" or "... on 127.0.0.1:41234". */
    private static final Pattern LISTENING = Pattern.compile("headroom-agent: (serving|relaying) .* (?:at|on) \\S+:(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private String readyLine;
    private int port;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildJvm start(String name, List<String> jvmOptions, Path agentJar, List<String> args, Path logs)
            throws IOException {
        return launch(name, jvmOptions, List.of("-jar", agentJar.toString()), args, logs);
    }

    /** Runs {@code mainClass} from this benchmark's own class path. */
    public static ChildJvm startClass(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Path logs)
            throws IOException {
        return launch(name, jvmOptions, List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()), args, logs);
    }

    private static ChildJvm launch(String name, List<String> jvmOptions, List<String> what, List<String> args, Path logs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(what);
        command.addAll(args);
        Path log = logs.resolve(name + ".log");
        Files.writeString(log, String.join(" ", command) + System.lineSeparator());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ChildJvm(name, process, log);
    }

    /** Waits for the "serving"/"relaying" line; fails with the log's tail if the child dies or takes too long. */
    public void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    readyLine = line;
                    port = Integer.parseInt(m.group(2));
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " before listening:\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " did not start listening within " + timeout.toSeconds() + " s:\n" + tail());
    }

    /** Waits for a line of the log matching {@code pattern} and returns its match; fails like {@link #awaitListening}. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " printed no line like '" + pattern + "' within " + timeout.toSeconds() + " s:\n" + tail());
    }

    /** Waits for the process to end by itself; false if it is still running after {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** The last lines of its log, for error messages. */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** What the child printed when it started listening. */
    public String readyLine() {
        return readyLine;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public double cpuSeconds() {
        return ProcessCpu.cpuSeconds(process.pid());
    }

    /** Asks politely (SIGTERM), then kills. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public void kill() {
        process.destroyForcibly();
    }
}

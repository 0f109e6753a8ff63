package io.headroom.core.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Java program in a JVM of its own: a main class of this JVM's class path or a jar, for the
 * tests that kill processes and for the benchmarks that run agents, relays and themselves in
 * child JVMs.
 *
 * <p>What it prints is kept: in memory, read as it comes (stderr with it, or in a file of its
 * own with {@link Builder#stderrTo}); or, with {@link Builder#logTo}, in a log file the child
 * writes itself (the command line first), so a long benchmark spends nothing on its children's
 * output. Either way {@link #lines()} and {@link #awaitLine} read it. With
 * {@link Builder#inheritIO} it prints to this JVM's own output instead, and nothing is kept.
 */
public final class ChildJvm implements AutoCloseable {

    /** A small JVM that starts fast: the tests start dozens of children that run a few seconds each. */
    public static final List<String> QUICK_START = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Process process;
    private final Path log;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch outputEnded = new CountDownLatch(1);

    private ChildJvm(String name, Process process, Path log, Path stderr, boolean inheritsIO) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stderr = stderr;
        if (log == null && !inheritsIO) {
            Thread.ofPlatform().daemon().name("child-output-" + process.pid()).start(this::keepOutput);
        } else {
            outputEnded.countDown(); // the child writes its output itself
        }
    }

    /** {@code main} from this JVM's own class path. */
    public static Builder ofClass(Class<?> main) {
        return new Builder(main.getSimpleName(), classPath -> List.of("-cp", classPath, main.getName()));
    }

    /** An executable jar. */
    public static Builder ofJar(Path jar) {
        return new Builder(jar.getFileName().toString(), classPath -> List.of("-jar", jar.toString()));
    }

    /** How to start it. */
    public static final class Builder {

        private final Function<String, List<String>> what;
        private String name;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String leftOutOfClassPath;
        private Path log;
        private Path stderr;
        private boolean inheritIO;

        private Builder(String name, Function<String, List<String>> what) {
            this.name = name;
            this.what = what;
        }

        /** What messages and the log call it. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Added to those given before. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        public Builder jvmOptions(String... options) {
            return jvmOptions(List.of(options));
        }

        /** Added to those given before. */
        public Builder args(List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        public Builder args(String... arguments) {
            return args(List.of(arguments));
        }

        /**
         * Leaves the entries of this JVM's class path that contain {@code fragment} out of the
         * child's: without logback, say, SLF4J logs nothing and the child starts a quarter of a
         * second sooner.
         */
        public Builder classPathWithout(String fragment) {
            leftOutOfClassPath = fragment;
            return this;
        }

        /** The child writes its output (stdout and stderr) to this file itself, after its command line. */
        public Builder logTo(Path file) {
            log = file;
            return this;
        }

        /** Its stderr goes to this file, apart from the lines; {@link #stderrText()} reads it. */
        public Builder stderrTo(Path file) {
            stderr = file;
            return this;
        }

        /** It prints to this JVM's stdout and stderr, as a program run from a shell would; nothing is kept. */
        public Builder inheritIO() {
            inheritIO = true;
            return this;
        }

        public ChildJvm start() throws IOException {
            String classPath = System.getProperty("java.class.path");
            if (leftOutOfClassPath != null) {
                classPath = Arrays.stream(classPath.split(File.pathSeparator))
                        .filter(entry -> !entry.contains(leftOutOfClassPath))
                        .collect(Collectors.joining(File.pathSeparator));
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(what.apply(classPath));
            command.addAll(args);
            var builder = new ProcessBuilder(command);
            if (inheritIO) {
                builder.inheritIO();
            } else if (log != null) {
                Files.writeString(log, String.join(" ", command) + System.lineSeparator());
                builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            } else if (stderr != null) {
                builder.redirectError(stderr.toFile());
            } else {
                builder.redirectErrorStream(true);
            }
            return new ChildJvm(name, builder.start(), log, stderr, inheritIO);
        }
    }

    private void keepOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The pipe breaks when the process is killed mid-line; what was read is kept.
            lines.add("# output closed: " + e.getMessage());
        } finally {
            outputEnded.countDown();
        }
    }

    /** What it printed so far, a line an entry (from the log: without the command line at its top). */
    public List<String> lines() {
        if (log == null) {
            return List.copyOf(lines);
        }
        try {
            List<String> all = Files.readAllLines(log);
            return all.isEmpty() ? all : all.subList(1, all.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the first line that starts with {@code prefix} and returns it; fails, with what the
     * child printed, when it exits first or {@code limit} passes.
     */
    public String awaitLine(String prefix, Duration limit) {
        return awaitLine(Pattern.compile("^" + Pattern.quote(prefix) + ".*"), limit)
                .group();
    }

    /**
     * Waits for the first line in which {@code pattern} is found and returns the match; fails,
     * with what the child printed, when it exits first or {@code limit} passes.
     */
    public Matcher awaitLine(Pattern pattern, Duration limit) {
        try {
            // Set here, not by AwaitilityDefaults: the benchmarks run this outside JUnit. A log file
            // is read ten times a second, as the benchmarks always did, so as not to load the
            // benchmark's own JVM while it measures.
            Awaitility.await(name + "'s line like '" + pattern + "'")
                    .atMost(limit)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(log == null ? 10 : 100))
                    .dontCatchUncaughtExceptions()
                    .until(() -> find(pattern).isPresent() || (!process.isAlive() && outputEnded.getCount() == 0));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    name + " printed no line like '" + pattern + "' within " + limit.toSeconds() + " s:\n" + printed(),
                    e);
        }
        return find(pattern)
                .orElseThrow(() -> new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before a line like '" + pattern + "':\n" + printed()));
    }

    private Optional<Matcher> find(Pattern pattern) {
        for (String line : lines()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private String printed() {
        String printed = tail();
        try {
            return stderr == null ? printed : printed + "\nstderr: " + stderrText();
        } catch (IOException e) {
            return printed + "\n(its stderr could not be read: " + e + ")";
        }
    }

    /** Every line it printed, once it has ended (killed or exited by itself): waits for the rest of its output. */
    public List<String> drain() throws InterruptedException {
        process.waitFor();
        outputEnded.await(30, TimeUnit.SECONDS);
        return lines();
    }

    /** Waits for it to end by itself, however long it takes; returns its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** Waits for it to end by itself; false if it still runs after {@code limit}. */
    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    /** The log file it writes, with {@link Builder#logTo}; null without. */
    public Path log() {
        return log;
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** What it wrote to stderr, with {@link Builder#stderrTo}; "" without. */
    public String stderrText() throws IOException {
        return stderr != null && Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    /** Its last 20 lines (of the log, command line included, when it writes one), for messages. */
    public String tail() {
        List<String> all;
        try {
            all = log != null ? Files.readAllLines(log) : lines();
        } catch (IOException e) {
            return "(its log could not be read: " + e + ")";
        }
        return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
    }

    /** SIGKILL, as the OOM killer or a power cut: no shutdown hook, no flush. Returns once it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die within 20 s of SIGKILL");
        }
    }

    /** Asks it to stop (SIGTERM); kills it when it has not after 5 s. */
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

    /** Kills it if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

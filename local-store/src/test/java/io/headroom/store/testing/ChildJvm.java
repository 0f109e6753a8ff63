package io.headroom.store.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real second JVM running one of the test mains on this test's class path: a console
 * process the tests can kill with SIGKILL. Its stdout lines are collected as they come;
 * stderr goes to a file the failure message quotes.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String END = "\u0000end";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread.ofPlatform().daemon().name("child-stdout-" + process.pid()).start(this::pump);
    }

    public static ChildJvm start(Class<?> main, Path stderr, String... args) throws IOException {
        // Without logback the child logs nothing (SLF4J falls back to no-op) and starts a
        // quarter of a second sooner; the tests start dozens. Uncaught errors still reach stderr.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("logback"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m",
                "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr);
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The pipe breaks when the process is killed mid-line; what was read is kept.
            lines.add("# stdout closed: " + e.getMessage());
        } finally {
            lines.add(END);
        }
    }

    /** The next stdout line, or null when the process ended (or {@code seconds} passed) first. */
    public String nextLine(long seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null || line.equals(END)) {
            if (line != null) {
                lines.add(END);
            }
            return null;
        }
        all.add(line);
        return line;
    }

    /** Waits for a line starting with {@code prefix}; fails with the child's stderr if it never comes. */
    public String awaitLine(String prefix, long seconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = nextLine(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
            if (line == null) {
                break;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("child never printed \"" + prefix + "\"; stdout: " + all + "; stderr: " + stderrText());
    }

    /** Every line printed until the process ended; call after it was killed or exited. */
    public List<String> drain() throws InterruptedException {
        String line;
        do {
            line = nextLine(30); // nextLine collects into all
        } while (line != null);
        return List.copyOf(all);
    }

    /** kill -9, and wait until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** True when it exited (or was killed) within {@code millis}. */
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    /** Kills it if it still runs, without waiting for it to go. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}

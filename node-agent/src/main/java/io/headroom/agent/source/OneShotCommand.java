package io.headroom.agent.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a device tool once (nvidia-smi -q -x, rocm-smi --json) and returns what it printed. */
public final class OneShotCommand {
    private OneShotCommand() {}

    /** Output of a run, or an IOException saying what went wrong in words (exit code, timeout, what it printed). */
    public static String run(List<String> command, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Thread errors = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
        Thread output = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // A tool stuck in the driver never returns by itself, and a child it left behind can hold
            // its output open after it exited: both count against the one timeout.
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    || !output.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    || !errors.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                ProcessTree.kill(p);
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                        + " ms, so it was killed");
            }
        } catch (InterruptedException e) {
            ProcessTree.kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            String said = (err.toString(StandardCharsets.UTF_8) + " " + stdout).strip();
            throw new IOException(String.join(" ", command) + " exited with code " + p.exitValue()
                    + (said.isEmpty() ? "" : ": " + firstLines(said)));
        }
        return stdout;
    }

    private static String firstLines(String text) {
        String[] lines = text.split("\n", 4);
        return String.join(" | ", java.util.Arrays.copyOf(lines, Math.min(3, lines.length)))
                .strip();
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            in.transferTo(to);
        } catch (IOException ignored) {
            // The process went away; what it printed so far is what we have.
        }
    }
}

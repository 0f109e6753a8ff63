package io.headroom.agent.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running device tool (nvidia-smi in loop mode) whose output lines are handed to a
 * consumer as they come. When the tool exits or cannot be started, it is started again after
 * a {@link Backoff}; a run that delivered lines for a while resets the backoff.
 *
 * <p>A tool that stays alive but stops printing (nvidia-smi stuck in the driver after a GPU
 * fell off the bus, or stopped with SIGSTOP) is as dead as one that exited, only quieter: after
 * {@code silenceLimit} without a line it is killed, with its children, and started again the
 * same way. Meanwhile its GPUs get no new readings, so the console shows them stale.
 */
public final class SupervisedProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);
    /** A run this long counts as healthy: the next failure starts the backoff from the beginning. */
    private static final Duration HEALTHY_RUN = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Consumer<String> onLine;
    private final Backoff backoff;
    private final SourceHealth health;
    private final Duration silenceLimit;
    private volatile boolean closed;
    private volatile Process process;
    private Thread supervisor;

    public SupervisedProcess(
            String name,
            List<String> command,
            Consumer<String> onLine,
            Backoff backoff,
            SourceHealth health,
            Duration silenceLimit) {
        this.name = name;
        this.command = List.copyOf(command);
        this.onLine = onLine;
        this.backoff = backoff;
        this.health = health;
        this.silenceLimit = silenceLimit;
    }

    public synchronized void start() {
        supervisor = Thread.ofPlatform().daemon().name(name + "-reader").start(this::superviseLoop);
    }

    private void superviseLoop() {
        int failuresInARow = 0;
        while (!closed) {
            long started = System.nanoTime();
            String outcome = runOnce();
            if (closed) {
                return;
            }
            boolean healthy = System.nanoTime() - started > HEALTHY_RUN.toNanos();
            failuresInARow = healthy ? 1 : failuresInARow + 1;
            Duration wait = backoff.after(failuresInARow);
            health.failure(outcome);
            health.restart();
            log.warn("{}: {}; starting it again in {} ms", name, outcome, wait.toMillis());
            health.waiting(wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            health.waiting(Duration.ZERO);
        }
    }

    /** Runs the tool until it exits; returns what happened, in words. */
    private String runOnce() {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return "cannot start " + command.getFirst() + " (" + e.getMessage() + ")";
        }
        process = p;
        try {
            p.getOutputStream().close(); // it reads nothing from us
        } catch (IOException ignored) {
            // Already closed by the process: nothing to do.
        }
        Deque<String> errors = new ArrayDeque<>();
        Thread errorReader = Thread.ofVirtual().start(() -> drainErrors(p, errors));
        var watchdog = new SilenceWatchdog(p, silenceLimit);
        Thread watching = Thread.ofVirtual().name(name + "-watchdog").start(watchdog::watch);
        long lines = 0;
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                watchdog.heard();
                lines++;
                try {
                    onLine.accept(line);
                } catch (RuntimeException e) {
                    // A bug in handling one line must not stop the stream of the others.
                    log.error("{}: could not handle line '{}'", name, line, e);
                }
            }
        } catch (IOException e) {
            if (closed) {
                return "closed";
            }
        } finally {
            watching.interrupt();
        }
        int code;
        try {
            // A tool that closed its output but lingers gets as long as a silent one, then goes the same way.
            if (!p.waitFor(silenceLimit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(p);
                p.waitFor();
                return "closed its output after " + lines + " lines but did not exit, so it was killed";
            }
            code = p.exitValue();
            errorReader.join(1000);
        } catch (InterruptedException e) {
            ProcessTree.kill(p);
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        if (watchdog.killed()) {
            return "printed nothing for " + silenceLimit.toMillis() + " ms after " + lines
                    + " lines (hung?), so it was killed";
        }
        String stderr;
        synchronized (errors) {
            stderr = String.join(" | ", errors);
        }
        return "exited with code " + code + " after " + lines + " lines"
                + (stderr.isEmpty() ? "" : " (it said: " + stderr + ")");
    }

    private static void drainErrors(Process p, Deque<String> errors) {
        try (var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                synchronized (errors) {
                    if (errors.size() == 3) {
                        errors.removeFirst();
                    }
                    errors.addLast(line.strip());
                }
            }
        } catch (IOException ignored) {
            // The process is gone; what it said so far is kept.
        }
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    ProcessTree.kill(p);
                }
            } catch (InterruptedException e) {
                ProcessTree.kill(p);
                Thread.currentThread().interrupt();
            }
        }
        Thread t;
        synchronized (this) {
            t = supervisor;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}

package io.headroom.agent.source;

import io.headroom.core.fleet.Accelerator;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device tool that prints a table and exits (npu-smi, hy-smi, cnmon, xpu_smi), run once per
 * interval, never two at a time: a slow run delays the next, it does not pile up. A run that
 * hangs is killed at its timeout ({@link OneShotCommand}) and the next starts one interval
 * later. A run that fails, or a card missing from one, leaves the last reading in place to go
 * stale in the console rather than be replaced by zeros.
 */
public final class PolledToolSource implements DeviceSource {

    private static final Logger log = LoggerFactory.getLogger(PolledToolSource.class);

    /** One reading of the tool: runs it (as often as it needs) and parses what it printed. */
    @FunctionalInterface
    public interface Reader {
        ToolOutput read(DeviceTool tool, Duration timeout, long timeMillis) throws IOException;
    }

    private final DeviceTool tool;
    private final Reader reader;
    private final int intervalMs;
    private final Duration runTimeout;
    private final InstantSource clock;
    private final SourceHealth health;
    private final Map<String, GpuReading> readings = new ConcurrentHashMap<>();
    private final Map<String, String> loggedFaults = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile List<Accelerator> accelerators = List.of();
    private volatile Map<String, String> faults = Map.of();

    public PolledToolSource(DeviceTool tool, Reader reader, int intervalMs, Duration runTimeout, InstantSource clock) {
        this.tool = tool;
        this.reader = reader;
        this.intervalMs = intervalMs;
        this.runTimeout = runTimeout;
        this.clock = clock;
        this.health = new SourceHealth(tool.name());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(tool.name()).factory());
    }

    /**
     * Five intervals, and never under 10 s: these tools take a second or more on a busy node. A
     * run stuck in the driver is killed then; its accelerators show stale in the console from the
     * third interval without a reading.
     */
    public static Duration runTimeoutFor(int intervalMs) {
        return Duration.ofMillis(Math.max(10_000L, 5L * intervalMs));
    }

    @Override
    public String name() {
        return tool.name();
    }

    /** Fails when the tool is not there, cannot run, or prints nothing this agent can read. */
    @Override
    public void start() throws SourceException {
        tool.requireExecutable();
        ToolOutput first;
        try {
            first = reader.read(tool, runTimeout, clock.millis());
        } catch (IOException e) {
            throw new SourceException(tool.name() + ": " + e.getMessage(), e);
        }
        if (first.accelerators().isEmpty() && !first.problems().isEmpty()) {
            throw new SourceException(tool.name() + ": " + first.problems().getFirst());
        }
        use(first);
        log.info("{}: {} accelerators, read every {} ms", tool.name(), accelerators.size(), intervalMs);
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedPolling =
                timer.scheduleWithFixedDelay(this::pollSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            use(reader.read(tool, runTimeout, clock.millis()));
        } catch (IOException e) {
            health.failure(e.getMessage());
            log.warn("{}: {}", tool.name(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: reading the output failed", tool.name(), e);
        }
    }

    private void use(ToolOutput output) {
        for (String problem : output.problems()) {
            if (health.malformed(problem)) {
                log.warn("{}: {}", tool.name(), problem);
            }
        }
        readings.putAll(output.readings());
        if (output.problems().isEmpty() || accelerators.isEmpty()) {
            accelerators = output.accelerators();
        } else {
            // A run cut short or garbled loses no accelerator: those it did not list keep their place and go stale.
            accelerators = keeping(accelerators, output.accelerators());
        }
        for (var fault : output.faults().entrySet()) {
            if (!fault.getValue().equals(loggedFaults.put(fault.getKey(), fault.getValue()))) {
                log.warn("{}: {} reports {}", tool.name(), fault.getKey(), fault.getValue());
            }
        }
        loggedFaults.keySet().retainAll(output.faults().keySet());
        faults = output.faults();
        health.reading();
    }

    private static List<Accelerator> keeping(List<Accelerator> before, List<Accelerator> now) {
        Map<String, Accelerator> merged = new java.util.LinkedHashMap<>();
        before.forEach(a -> merged.put(a.uuid(), a));
        now.forEach(a -> merged.put(a.uuid(), a));
        return List.copyOf(merged.values());
    }

    /** The accelerators the tool last reported unhealthy, by UUID, in its own words. */
    public Map<String, String> faults() {
        return faults;
    }

    @Override
    public List<Accelerator> accelerators() {
        return accelerators;
    }

    @Override
    public GpuReading reading(String uuid) {
        return readings.get(uuid);
    }

    @Override
    public SourceHealth health() {
        return health;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

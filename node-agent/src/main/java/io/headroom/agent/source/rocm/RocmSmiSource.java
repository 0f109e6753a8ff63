package io.headroom.agent.source.rocm;

import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.DeviceTool;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.SourceHealth;
import io.headroom.core.fleet.Accelerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMD Instinct GPUs through {@code rocm-smi --json}. rocm-smi has no loop mode for JSON, so it
 * runs once per interval, never two at a time (a slow run delays the next, it does not pile
 * up). A card missing from one run, or a run that fails, leaves the last reading in place to
 * go stale rather than being replaced by zeros.
 */
public final class RocmSmiSource implements DeviceSource {

    private static final Logger log = LoggerFactory.getLogger(RocmSmiSource.class);
    private static final String NAME = "rocm-smi";

    private final DeviceTool tool;
    private final int intervalMs;
    private final Duration runTimeout;
    private final InstantSource clock;
    private final SourceHealth health = new SourceHealth(NAME);
    private final Map<String, GpuReading> readings = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rocm-smi").factory());
    private volatile List<Accelerator> accelerators = List.of();

    /** @param runTimeout how long one run may take before it is killed (see {@link #runTimeoutFor}) */
    public RocmSmiSource(Path executable, int intervalMs, Duration runTimeout, InstantSource clock) {
        this.tool = new DeviceTool(NAME, executable, "sources.rocm_smi.path");
        this.intervalMs = intervalMs;
        this.runTimeout = runTimeout;
        this.clock = clock;
    }

    /**
     * Five intervals, and never under 10 s: rocm-smi takes a second or two on a busy node. A run
     * stuck in the driver is killed then; its GPUs show stale in the console from the third
     * interval without a reading, and the next run starts one interval after the kill.
     */
    public static Duration runTimeoutFor(int intervalMs) {
        return Duration.ofMillis(Math.max(10_000L, 5L * intervalMs));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() throws SourceException {
        tool.requireExecutable();
        try {
            poll();
        } catch (IOException e) {
            throw new SourceException(NAME + ": " + e.getMessage(), e);
        }
        log.info("{}: {} GPUs, read every {} ms", NAME, accelerators.size(), intervalMs);
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedPolling =
                timer.scheduleWithFixedDelay(this::pollSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (IOException e) {
            health.failure(e.getMessage());
            log.warn("{}: {}", NAME, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: reading the output failed", NAME, e);
        }
    }

    private void poll() throws IOException {
        String output = tool.run(
                runTimeout,
                "--showuniqueid",
                "--showproductname",
                "--showtemp",
                "--showuse",
                "--showpower",
                "--showmaxpower",
                "--showmeminfo",
                "vram",
                "--showclocks",
                "--showbus",
                "--json");
        RocmSmiOutput parsed = RocmSmiOutput.parse(output, clock.millis());
        for (String problem : parsed.problems()) {
            if (health.malformed(problem)) {
                log.warn("{}: {}", NAME, problem);
            }
        }
        readings.putAll(parsed.readings());
        if (!parsed.accelerators().isEmpty()
                && parsed.problems().stream().noneMatch(p -> p.startsWith("not valid JSON"))) {
            accelerators = parsed.accelerators();
        } else if (accelerators.isEmpty()) {
            accelerators = parsed.accelerators();
        }
        health.reading();
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

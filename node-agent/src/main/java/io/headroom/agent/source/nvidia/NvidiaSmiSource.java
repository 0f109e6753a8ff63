package io.headroom.agent.source.nvidia;

import io.headroom.agent.source.Backoff;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.DeviceTool;
import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.source.SourceHealth;
import io.headroom.agent.source.SupervisedProcess;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SampleBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVIDIA GPUs through nvidia-smi. The inventory and MIG layout come from {@code nvidia-smi -q -x},
 * read at start and again every {@code inventoryIntervalMs}; samples come from ONE long-running
 * {@code nvidia-smi --query-gpu=... -lms <interval>}, which prints a line per GPU per interval
 * and is started again with backoff whenever it dies. One process per sample would cost a
 * driver round trip and a fork per GPU per second.
 *
 * <p>Under MIG, nvidia-smi has no utilization for the GPU ({@code [N/A]}) and none per
 * instance: both are NaN, never 0. An instance's memory in use comes from the last XML read.
 */
public final class NvidiaSmiSource implements DeviceSource {

    private static final Logger log = LoggerFactory.getLogger(NvidiaSmiSource.class);
    private static final String NAME = "nvidia-smi";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final DeviceTool tool;
    private final int intervalMs;
    private final int inventoryIntervalMs;
    private final Backoff backoff;
    private final Duration silenceLimit;
    private final InstantSource clock;
    private final SourceHealth health = new SourceHealth(NAME);
    private final Map<String, GpuReading> readings = new ConcurrentHashMap<>();
    private final SampleBuffer sample = new SampleBuffer(); // the reader thread's own
    private final ScheduledExecutorService inventoryTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("nvidia-smi-inventory").factory());
    private volatile XmlInventory inventory = new XmlInventory("", List.of(), Map.of());
    private volatile Map<String, Accelerator> byUuid = Map.of();
    private SupervisedProcess stream;
    private long lineNumber;

    /**
     * @param silenceLimit how long the running query may print nothing before it is taken for hung,
     *                     killed and started again (see {@link #silenceLimitFor})
     */
    public NvidiaSmiSource(
            Path executable,
            int intervalMs,
            int inventoryIntervalMs,
            Backoff backoff,
            Duration silenceLimit,
            InstantSource clock) {
        this.tool = new DeviceTool(NAME, executable, "sources.nvidia_smi.path");
        this.intervalMs = intervalMs;
        this.inventoryIntervalMs = inventoryIntervalMs;
        this.backoff = backoff;
        this.silenceLimit = silenceLimit;
        this.clock = clock;
    }

    /**
     * Ten intervals, and never under 5 s: nvidia-smi takes seconds for one round when a GPU is in
     * trouble, and a restart costs a driver initialisation. The console shows the GPUs stale after
     * three intervals anyway; this only decides when to try a fresh process.
     */
    public static Duration silenceLimitFor(int intervalMs) {
        return Duration.ofMillis(Math.max(5_000L, 10L * intervalMs));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() throws SourceException {
        tool.requireExecutable();
        QueryFields fields;
        try {
            fields = QueryFields.choose(tool.run(COMMAND_TIMEOUT, "--help-query-gpu"));
            readInventory();
        } catch (IOException e) {
            throw new SourceException(NAME + ": " + e.getMessage(), e);
        } catch (XmlInventory.Unreadable e) {
            throw new SourceException(NAME + ": cannot read the output of -q -x: " + e.getMessage(), e);
        }
        log.info(
                "{}: {} GPUs (driver {}), sampling {} every {} ms",
                NAME,
                inventory.accelerators().size(),
                inventory.driverVersion(),
                fields.joined(),
                intervalMs);
        stream = new SupervisedProcess(
                NAME,
                tool.command(
                        "--query-gpu=" + fields.joined(),
                        "--format=csv,noheader,nounits",
                        "-lms",
                        String.valueOf(intervalMs)),
                line -> accept(fields, line),
                backoff,
                health,
                silenceLimit);
        stream.start();
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedRefreshing = inventoryTimer.scheduleWithFixedDelay(
                this::refreshInventory, inventoryIntervalMs, inventoryIntervalMs, TimeUnit.MILLISECONDS);
    }

    private void readInventory() throws IOException, XmlInventory.Unreadable {
        XmlInventory read = XmlInventory.parse(tool.run(COMMAND_TIMEOUT, "-q", "-x"));
        Map<String, Accelerator> index = new HashMap<>();
        for (Accelerator a : read.accelerators()) {
            index.put(a.uuid(), a);
        }
        inventory = read;
        byUuid = Map.copyOf(index);
    }

    private void refreshInventory() {
        try {
            readInventory();
        } catch (IOException | XmlInventory.Unreadable e) {
            // Keep the last layout: a failed read says nothing about the GPUs having changed.
            health.failure("-q -x: " + e.getMessage());
            log.warn("{}: could not read the inventory (-q -x), keeping the last one: {}", NAME, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: reading the inventory failed", NAME, e);
        }
    }

    /** One line from the running query, on the reader thread. */
    void accept(QueryFields fields, String line) {
        lineNumber++;
        if (line.isBlank()) {
            return;
        }
        SampleLine parsed;
        try {
            parsed = SampleLine.parse(fields, line, sample.clear());
        } catch (SampleLine.Malformed e) {
            if (health.malformed(e.getMessage())) {
                log.warn(
                        "{}: output line {} skipped, it is not a sample: {} (line: '{}')",
                        NAME,
                        lineNumber,
                        e.getMessage(),
                        abbreviate(line));
            }
            return;
        }
        Accelerator gpu = byUuid.get(parsed.uuid());
        if (gpu == null) {
            if (health.malformed("unknown GPU " + parsed.uuid())) {
                log.warn(
                        "{}: GPU {} (index {}) is not in the inventory; reading it again",
                        NAME,
                        parsed.uuid(),
                        parsed.index());
            }
            inventoryTimer.execute(this::refreshInventory);
            return;
        }
        long now = clock.millis();
        sample.timeMillis = now;
        if (gpu.migEnabled()) {
            // Whatever the driver prints, GPU utilization means nothing under MIG.
            sample.utilizationPct = Float.NaN;
        }
        readings.put(gpu.uuid(), GpuReading.of(sample));
        health.reading();
        Map<String, Float> sliceMemory = inventory.sliceMemoryUsedMib();
        for (MigSlice slice : gpu.slices()) {
            sample.clear();
            sample.timeMillis = now;
            sample.memoryUsedMib = sliceMemory.getOrDefault(slice.uuid(), Float.NaN);
            readings.put(slice.uuid(), GpuReading.of(sample));
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    @Override
    public List<Accelerator> accelerators() {
        return inventory.accelerators();
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
        inventoryTimer.shutdownNow();
        if (stream != null) {
            stream.close();
        }
    }
}

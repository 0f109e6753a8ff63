package io.headroom.agent.source;

import io.headroom.core.fleet.Accelerator;
import java.util.List;

/**
 * One way of reading this machine's GPUs (nvidia-smi, dcgm-exporter, rocm-smi). It reads on its
 * own schedule and threads; the agent's ticker only picks up the latest values, so a slow or
 * dead device tool never holds up the heartbeat or the other sources.
 */
public interface DeviceSource extends AutoCloseable {

    /** The operator's name for it, used in every log line: "nvidia-smi", "dcgm-exporter". */
    String name();

    /** Starts reading; fails with the reason when the source cannot work at all (no such executable). */
    void start() throws SourceException;

    /** The GPUs it sees, with their MIG slices; empty until the first inventory is read. */
    List<Accelerator> accelerators();

    /** The latest reading of the GPU or MIG slice with this UUID, or null when there is none yet. */
    GpuReading reading(String uuid);

    /** Counters for the agent's /metrics and log. */
    SourceHealth health();

    @Override
    void close();
}

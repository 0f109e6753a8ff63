package io.headroom.agent.source.kunlunxin;

import io.headroom.agent.source.DeviceTool;
import io.headroom.agent.source.PolledToolSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/** Kunlunxin XPUs (and their SR-IOV virtual functions) through {@code xpu_smi}, run once per interval. */
public final class XpuSmiSource {
    public static final String NAME = "xpu_smi";

    private XpuSmiSource() {}

    public static PolledToolSource create(Path executable, int intervalMs, Duration runTimeout, InstantSource clock) {
        return new PolledToolSource(
                new DeviceTool(NAME, executable, "sources.xpu_smi.path"),
                (tool, timeout, now) -> XpuSmiOutput.parse(tool.run(timeout), now),
                intervalMs,
                runTimeout,
                clock);
    }
}

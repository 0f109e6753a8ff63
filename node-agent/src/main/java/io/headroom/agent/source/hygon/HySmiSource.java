package io.headroom.agent.source.hygon;

import io.headroom.agent.source.DeviceTool;
import io.headroom.agent.source.PolledToolSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/** Hygon DCUs through {@code hy-smi}, run once per interval. */
public final class HySmiSource {
    public static final String NAME = "hy-smi";

    private HySmiSource() {}

    public static PolledToolSource create(Path executable, int intervalMs, Duration runTimeout, InstantSource clock) {
        return new PolledToolSource(
                new DeviceTool(NAME, executable, "sources.hy_smi.path"),
                (tool, timeout, now) -> HySmiOutput.parse(tool.run(timeout), now),
                intervalMs,
                runTimeout,
                clock);
    }
}

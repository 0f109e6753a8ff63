package io.headroom.agent.source.cambricon;

import io.headroom.agent.source.DeviceTool;
import io.headroom.agent.source.PolledToolSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/** Cambricon MLUs through {@code cnmon}, run once per interval. */
public final class CnmonSource {
    public static final String NAME = "cnmon";

    private CnmonSource() {}

    public static PolledToolSource create(Path executable, int intervalMs, Duration runTimeout, InstantSource clock) {
        return new PolledToolSource(
                new DeviceTool(NAME, executable, "sources.cnmon.path"),
                (tool, timeout, now) ->
                        CnmonOutput.parse(tool.run(timeout), now).output(),
                intervalMs,
                runTimeout,
                clock);
    }
}

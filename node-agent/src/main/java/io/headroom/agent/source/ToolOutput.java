package io.headroom.agent.source;

import io.headroom.core.fleet.Accelerator;
import java.util.List;
import java.util.Map;

/**
 * What one run of a device tool said: the accelerators it lists, the latest reading of each
 * (and of each slice), and what it could not read, each problem naming the line number and text.
 *
 * @param faults the accelerators whose tool reports them unhealthy, by UUID, in the tool's words
 *               ("Warning", "Critical", "ECC errors 2")
 */
public record ToolOutput(
        List<Accelerator> accelerators,
        Map<String, GpuReading> readings,
        Map<String, String> faults,
        List<String> problems) {
    public ToolOutput {
        accelerators = List.copyOf(accelerators);
        readings = Map.copyOf(readings);
        faults = Map.copyOf(faults);
        problems = List.copyOf(problems);
    }
}

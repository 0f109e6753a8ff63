package io.headroom.agent.node;

import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.source.DeviceSource;
import io.headroom.agent.source.PolledToolSource;
import io.headroom.agent.source.ascend.NpuExporterSource;
import io.headroom.agent.source.ascend.NpuSmiSource;
import io.headroom.agent.source.cambricon.CnmonSource;
import io.headroom.agent.source.hygon.HySmiSource;
import io.headroom.agent.source.kunlunxin.XpuSmiSource;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** The sources of Huawei Ascend, Hygon, Cambricon and Kunlunxin accelerators the configuration names. */
final class DomesticSources {
    private DomesticSources() {}

    static List<DeviceSource> of(AgentConfig.Sources s, InstantSource clock) {
        List<DeviceSource> devices = new ArrayList<>();
        // npu-exporter first: where both see a chip, its readings win (it adds the AI Core clock).
        if (s.npuExporter() != null) {
            var e = s.npuExporter();
            devices.add(new NpuExporterSource(e.url(), e.intervalMs(), e.timeoutMs(), clock));
        }
        if (s.npuSmi() != null) {
            int interval = s.npuSmi().intervalMs();
            devices.add(
                    NpuSmiSource.create(s.npuSmi().path(), interval, PolledToolSource.runTimeoutFor(interval), clock));
        }
        if (s.hySmi() != null) {
            int interval = s.hySmi().intervalMs();
            devices.add(
                    HySmiSource.create(s.hySmi().path(), interval, PolledToolSource.runTimeoutFor(interval), clock));
        }
        if (s.cnmon() != null) {
            int interval = s.cnmon().intervalMs();
            devices.add(
                    CnmonSource.create(s.cnmon().path(), interval, PolledToolSource.runTimeoutFor(interval), clock));
        }
        if (s.xpuSmi() != null) {
            int interval = s.xpuSmi().intervalMs();
            devices.add(
                    XpuSmiSource.create(s.xpuSmi().path(), interval, PolledToolSource.runTimeoutFor(interval), clock));
        }
        return devices;
    }
}

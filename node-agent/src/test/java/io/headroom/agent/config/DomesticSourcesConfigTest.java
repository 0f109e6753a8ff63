package io.headroom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources of Ascend, Hygon, Cambricon and Kunlunxin accelerators in agent.yaml. */
class DomesticSourcesConfigTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    @Test
    void emptySectionsMeanTheVendorsDefaultPaths() throws Exception {
        AgentConfig config = AgentConfigReader.read(write("""
                interval_ms: 500
                sources:
                  npu_smi:
                  npu_exporter:
                  hy_smi:
                  cnmon:
                  xpu_smi:
                """));
        var s = config.sources();
        assertThat(s.hasGpuSource()).isTrue();
        assertThat(s.npuSmi().path()).isEqualTo(Path.of("/usr/local/sbin/npu-smi"));
        // These tools take a second or more to print: never more often than once a second by default.
        assertThat(s.npuSmi().intervalMs()).isEqualTo(1000);
        assertThat(s.npuExporter().url()).isEqualTo(URI.create("http://127.0.0.1:8082/metrics"));
        assertThat(s.npuExporter().intervalMs()).isEqualTo(500);
        assertThat(s.npuExporter().timeoutMs()).isEqualTo(2000);
        assertThat(s.hySmi().path()).isEqualTo(Path.of("/opt/hyhal/bin/hy-smi"));
        assertThat(s.cnmon().path()).isEqualTo(Path.of("/usr/bin/cnmon"));
        assertThat(s.xpuSmi().path()).isEqualTo(Path.of("/usr/local/xpu/bin/xpu_smi"));
        assertThat(s.nvidiaSmi()).isNull();
    }

    @Test
    void pathsAndIntervalsAreRead() throws Exception {
        AgentConfig config = AgentConfigReader.read(write("""
                sources:
                  cnmon:
                    path: /opt/cambricon/bin/cnmon
                    interval_ms: 5000
                  npu_exporter:
                    url: http://10.0.0.5:8082/metrics
                    timeout_ms: 800
                """));
        assertThat(config.sources().cnmon().path()).isEqualTo(Path.of("/opt/cambricon/bin/cnmon"));
        assertThat(config.sources().cnmon().intervalMs()).isEqualTo(5000);
        assertThat(config.sources().npuExporter().url()).isEqualTo(URI.create("http://10.0.0.5:8082/metrics"));
        assertThat(config.sources().npuExporter().timeoutMs()).isEqualTo(800);
        assertThat(config.sources().npuSmi()).isNull();
    }

    @Test
    void mistakesAreNamedWithTheirLine() throws Exception {
        Path typo = write("sources:\n  npu-smi:\n    path: /usr/local/sbin/npu-smi\n");
        assertThatThrownBy(() -> AgentConfigReader.read(typo))
                .hasMessageStartingWith(
                        typo + " line 2: unknown setting sources.npu-smi; did you mean sources.npu_smi?");
        Path fast = write("sources:\n  xpu_smi:\n    interval_ms: 100\n");
        assertThatThrownBy(() -> AgentConfigReader.read(fast))
                .hasMessageStartingWith(fast + " line 3: sources.xpu_smi.interval_ms must be between 1000 and ");
        Path unknown = write("sources:\n  hy_smi:\n    url: http://x\n");
        assertThatThrownBy(() -> AgentConfigReader.read(unknown))
                .hasMessageStartingWith(unknown + " line 3: unknown setting sources.hy_smi.url");
        Path notHttp = write("sources:\n  npu_exporter:\n    url: ftp://x/metrics\n");
        assertThatThrownBy(() -> AgentConfigReader.read(notHttp))
                .hasMessageStartingWith(notHttp + " line 3: sources.npu_exporter.url must be an http(s) URL");
    }
}

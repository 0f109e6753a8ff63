package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.node.NodeAgent;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.alerts.Alert;
import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-node agent configured from agent.yaml with each source of Huawei Ascend, Hygon,
 * Cambricon and Kunlunxin accelerators (the tools are stand-ins printing the captures, the
 * npu-exporter a loopback server serving its captured page), and the console's own client
 * taking its stream into a FleetState. Every expected value is read off the captures by hand;
 * what a tool does not print arrives as NaN or unmeasured, never 0.
 */
class DomesticSourcesEndToEndTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private FleetState agentAndConsole(String hostname, String source) throws Exception {
        Path config = Files.writeString(dir.resolve(hostname + ".yaml"), """
                node:
                  hostname: %s
                interval_ms: 200
                sources:
                %s
                """.formatted(
                        hostname, source.indent(2).stripTrailing()));
        var parsed = AgentConfigReader.read(config);
        NodeAgent agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        running.add(agent);
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var endpoint = new AgentEndpoint("127.0.0.1", agent.port());
        var client = new FleetClient(
                        List.of(endpoint),
                        fleet,
                        new ConnectionBoard(List.of(endpoint.toString())),
                        ClientOptions.defaults("domestic-sources-test"))
                .start();
        running.add(client);
        return fleet;
    }

    private static int sampled(FleetState fleet, String uuid) {
        await(uuid + " sampled in the console").atMost(LIMIT).until(() -> {
            int slot = slot(fleet.layout(), uuid);
            return slot >= 0 && fleet.current().sampleTime(slot) > 0;
        });
        return slot(fleet.layout(), uuid);
    }

    private static int slot(FleetLayout layout, String uuid) {
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            String at = layout.isSlice(slot)
                    ? layout.slice(slot).uuid()
                    : layout.accelerator(slot).uuid();
            if (at.equals(uuid)) {
                return slot;
            }
        }
        return -1;
    }

    private Path tool(String folder, String name, String body, String... files) throws Exception {
        Path home = Files.createDirectories(dir.resolve(folder));
        StandIn standIn = StandIn.script(home, name, body);
        for (int i = 0; i < files.length; i += 2) {
            standIn.file(files[i], Fixtures.read(files[i + 1]));
        }
        return standIn.executable();
    }

    @Test
    void ascendThroughNpuSmi() throws Exception {
        Path npuSmi = tool(
                "npu",
                "npu-smi",
                """
                case "$*" in
                  "info -m") cat "$D/m.txt" ;;
                  "info") cat "$D/info.txt" ;;
                  *) exit 2 ;;
                esac
                """,
                "m.txt",
                "domestic/ascend/npu-smi-info-m__atlas-800-training-9010__24.1.RC2.txt",
                "info.txt",
                "domestic/ascend/npu-smi-info__atlas-800-training-9010__24.1.RC2.txt");
        FleetState fleet = agentAndConsole("npu-01", "npu_smi:\n  path: " + npuSmi);
        // NPU 3: Warning, 206.9 W, 39 C, AICore 0 %, HBM 0 / 32768 MB.
        int slot = sampled(fleet, "ASCEND-pci-0000:01:00.0");
        FleetTelemetry t = fleet.current();
        Accelerator npu3 = fleet.layout().accelerator(slot);
        assertThat(npu3.vendor()).isEqualTo(Vendor.HUAWEI);
        assertThat(npu3.model()).isEqualTo("Huawei Ascend 910A");
        assertThat(npu3.memoryTotalMib()).isEqualTo(32768);
        assertThat(npu3.index()).isEqualTo(3);
        assertThat(t.powerW(slot)).isEqualTo(206.9f);
        assertThat(t.gpuTempC(slot)).isEqualTo(39f);
        assertThat(t.utilizationPct(slot)).isZero();
        assertThat(t.memoryUsedMib(slot)).isZero();
        assertThat(t.powerLimitW(slot)).isNaN();
        assertThat(t.smClockMhz(slot)).isNaN();
        assertThat(t.memoryTempC(slot)).isNaN();
        assertThat(t.smActivePct(slot)).isNaN();
        for (IntegerReading reading : IntegerReading.values()) {
            assertThat(t.measured(slot, reading)).as(reading.name()).isFalse();
        }
        assertThat(fleet.layout().node(fleet.layout().nodeIndex("npu-01")).accelerators())
                .hasSize(8);
        // Health "Warning" reaches the console as the vendor's verdict, and raises a warning alert there.
        assertThat(t.health(slot)).isEqualTo(DeviceHealth.WARNING);
        assertThat(t.health(sampled(fleet, "ASCEND-pci-0000:c1:00.0"))).isEqualTo(DeviceHealth.OK);
        int npu7 = sampled(fleet, "ASCEND-pci-0000:02:00.0");
        long now = System.currentTimeMillis();
        FleetTelemetry latest = fleet.current();
        List<Alert> alerts = new AlertRules(IdleThresholds.DEFAULTS)
                .evaluate(latest, FleetSummary.of(latest, new IdleClassifier(IdleThresholds.DEFAULTS), now), now);
        assertThat(alerts)
                .filteredOn(a -> a.kind() == AlertKind.DEVICE_HEALTH)
                .extracting(Alert::slot, Alert::severity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(slot, AlertSeverity.WARNING),
                        org.assertj.core.groups.Tuple.tuple(npu7, AlertSeverity.WARNING));
    }

    @Test
    void ascendThroughNpuExporter() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = Fixtures.read("domestic/ascend/npu-exporter__metrics__910Awn.txt")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        server.start();
        running.add(() -> server.stop(0));
        FleetState fleet = agentAndConsole(
                "npu-02",
                "npu_exporter:\n  url: http://127.0.0.1:" + server.getAddress().getPort()
                        + "/metrics\n  timeout_ms: 5000");
        int slot = sampled(fleet, "ASCEND-id2");
        FleetTelemetry t = fleet.current();
        assertThat(fleet.layout().accelerator(slot).model()).isEqualTo("Huawei Ascend 910Awn");
        assertThat(fleet.layout().accelerator(slot).vendor()).isEqualTo(Vendor.HUAWEI);
        // The capture's values are all 0; its memory totals are 0, which is "not reported".
        assertThat(t.utilizationPct(slot)).isZero();
        assertThat(t.powerW(slot)).isZero();
        assertThat(t.gpuTempC(slot)).isZero();
        assertThat(t.smClockMhz(slot)).isZero();
        assertThat(t.memoryUsedMib(slot)).isNaN();
        assertThat(t.powerLimitW(slot)).isNaN();
    }

    @Test
    void hygonThroughHySmi() throws Exception {
        Path hySmi = tool("hcu", "hy-smi", "cat \"$D/out.txt\"\n", "out.txt", "domestic/hygon/hy-smi__hcu-8.txt");
        FleetState fleet = agentAndConsole("hcu-01", "hy_smi:\n  path: " + hySmi);
        // HCU 5: 53.0C, 91.0W, PwrCap 1000.0W, HCU% 0.0%.
        int slot = sampled(fleet, "HYGON-hcu5");
        FleetTelemetry t = fleet.current();
        assertThat(fleet.layout().accelerator(slot).vendor()).isEqualTo(Vendor.HYGON);
        assertThat(t.gpuTempC(slot)).isEqualTo(53f);
        assertThat(t.powerW(slot)).isEqualTo(91f);
        assertThat(t.powerLimitW(slot)).isEqualTo(1000f);
        assertThat(t.utilizationPct(slot)).isZero();
        assertThat(t.memoryUsedMib(slot)).isNaN(); // hy-smi prints VRAM% of a total it does not print
        assertThat(t.smClockMhz(slot)).isNaN();
    }

    @Test
    void cambriconThroughCnmon() throws Exception {
        Path cnmon = tool(
                "mlu", "cnmon", "cat \"$D/out.txt\"\n", "out.txt", "domestic/cambricon/cnmon__mlu370-x8__v5.10.13.txt");
        FleetState fleet = agentAndConsole("mlu-01", "cnmon:\n  path: " + cnmon);
        // Card 1: 39C, 106 W / 250 W, 0 MiB / 23374 MiB, Util 0%, Ecc-Error N/A.
        int slot = sampled(fleet, "CAMBRICON-pci-0000:3d:00.0");
        FleetTelemetry t = fleet.current();
        Accelerator card = fleet.layout().accelerator(slot);
        assertThat(card.vendor()).isEqualTo(Vendor.CAMBRICON);
        assertThat(card.model()).isEqualTo("Cambricon MLU370-X8");
        assertThat(card.memoryTotalMib()).isEqualTo(23374);
        assertThat(t.gpuTempC(slot)).isEqualTo(39f);
        assertThat(t.powerW(slot)).isEqualTo(106f);
        assertThat(t.powerLimitW(slot)).isEqualTo(250f);
        assertThat(t.memoryUsedMib(slot)).isZero();
        assertThat(t.utilizationPct(slot)).isZero();
        assertThat(t.measured(slot, IntegerReading.ECC_UNCORRECTABLE)).isFalse(); // N/A, not 0
    }

    @Test
    void kunlunxinThroughXpuSmiWithVirtualFunctionsAsSlices() throws Exception {
        Path xpuSmi = tool(
                "xpu",
                "xpu_smi",
                "cat \"$D/out.txt\"\n",
                "out.txt",
                "domestic/kunlunxin/xpu_smi__r300__runtime-4.31.txt");
        FleetState fleet = agentAndConsole("xpu-01", "xpu_smi:\n  path: " + xpuSmi);
        // DevID 1: 0000:56:00.0, R300, 0 %, 0 / 32768 MB.
        int slot = sampled(fleet, "KUNLUNXIN-pci-0000:56:00.0");
        FleetTelemetry t = fleet.current();
        Accelerator xpu = fleet.layout().accelerator(slot);
        assertThat(xpu.vendor()).isEqualTo(Vendor.KUNLUNXIN);
        assertThat(xpu.model()).isEqualTo("Kunlunxin R300");
        assertThat(xpu.memoryTotalMib()).isEqualTo(32768);
        assertThat(t.utilizationPct(slot)).isZero();
        assertThat(t.memoryUsedMib(slot)).isZero();
        assertThat(t.gpuTempC(slot)).isNaN(); // this release prints no temperature or power
        assertThat(t.powerW(slot)).isNaN();

        // An R200 split into two virtual functions (constructed lines): the VFs reach the console as slices.
        Path vfs = Files.createDirectories(dir.resolve("vf"));
        StandIn.script(vfs, "xpu_smi", "cat \"$D/out.txt\"\n").file("out.txt", """
                ---------------------------------------------------------------------
                | DevID |   PCI Addr   |    Model    | UseRate |    Memory    |
                ---------------------------------------------------------------------
                |     0 | 0000:17:00.0 | R200        |    30 % | 1024 / 16384 MB |
                |     1 | 0000:17:00.1 | R200-VF-0   |    10 % | 512 / 8192 MB |
                |     2 | 0000:17:00.2 | R200-VF-1   |    20 % | 512 / 8192 MB |
                ---------------------------------------------------------------------
                """);
        FleetState split = agentAndConsole("xpu-02", "xpu_smi:\n  path: " + vfs.resolve("xpu_smi"));
        int vf = sampled(split, "KUNLUNXIN-pci-0000:17:00.2");
        assertThat(split.layout().isSlice(vf)).isTrue();
        assertThat(split.layout().slice(vf).profileName()).isEqualTo("VF");
        assertThat(split.layout().accelerator(vf).uuid()).isEqualTo("KUNLUNXIN-pci-0000:17:00.0");
        assertThat(split.current().utilizationPct(vf)).isEqualTo(20f);
        assertThat(split.current().memoryUsedMib(vf)).isEqualTo(512f);
    }
}

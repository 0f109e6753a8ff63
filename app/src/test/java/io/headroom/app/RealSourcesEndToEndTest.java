package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.node.NodeAgent;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.source.nvidia.NvidiaSmiStandIn;
import io.headroom.agent.source.redfish.DellBmc;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.views.Screenshots;
import io.headroom.wire.AgentEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-node agent with each source in turn, configured from agent.yaml as on a server (the
 * device tools are stand-ins printing captured outputs, the exporter and the BMC loopback
 * servers serving captured answers), and the console's own client taking its stream into a
 * FleetState. The console knows nothing of sources: it gets the fields the simulator gives,
 * with the fixtures' values, and NaN (unavailable) for what a source cannot measure, never 0.
 * Every expected value below is read off the fixture files by hand.
 */
class RealSourcesEndToEndTest {

    private static final String L40S_CAPTURE = "nvidia-smi/capture__l40s__595.80.txt";
    private static final String T4_UUID = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a"; // query-xml__tesla-t4.xml
    private static final String DCGM_T4 =
            "GPU-5f587dd4-6505-0873-c6db-8324dbfe5ba9"; // gpu="1" in 2x-t4__one-workload.prom
    private static final String MI100_CARD0 = "AMD-0x79ccd55167a2124a"; // card0 "Unique ID"
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest();

    private final List<AutoCloseable> running = new ArrayList<>();
    private DellBmc bmc;
    private Path credentials;

    @BeforeEach
    void rackBmc() throws Exception {
        bmc = DellBmc.http();
        running.add(bmc);
        credentials =
                Files.writeString(dir.resolve("redfish.credentials"), DellBmc.USER + ":" + DellBmc.PASSWORD + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    /** An agent as `headroom-agent --config agent.yaml` starts it: this node, its GPU source and its rack's BMC. */
    private NodeAgent agent(String hostname, String source) throws Exception {
        Path config = Files.writeString(dir.resolve(hostname + ".yaml"), """
                node:
                  hostname: %s
                  rack: H1-A01
                interval_ms: 200
                sources:
                %s
                  redfish:
                    credentials_file: %s
                    interval_ms: 1000
                    hosts:
                      - url: %s
                """.formatted(
                        hostname, source.indent(2).stripTrailing(), credentials, bmc.url()));
        var parsed = AgentConfigReader.read(config);
        NodeAgent agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        running.add(agent);
        return agent;
    }

    /** The console's side: its gRPC client decoding the agent's stream into the console's arrays. */
    private FleetState console(int port) {
        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var endpoint = new AgentEndpoint("127.0.0.1", port);
        var client = new FleetClient(
                        List.of(endpoint),
                        fleet,
                        new ConnectionBoard(List.of(endpoint.toString())),
                        ClientOptions.defaults("real-sources-test"))
                .start();
        running.add(client);
        return fleet;
    }

    private static int gpuSlot(FleetState fleet, String uuid) {
        FleetLayout layout = fleet.layout();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            if (!layout.isSlice(slot) && layout.accelerator(slot).uuid().equals(uuid)) {
                return slot;
            }
        }
        return -1;
    }

    /** Waits until the console has a sample of the GPU, and a rack reading; returns the GPU's slot. */
    private static int sampled(FleetState fleet, String uuid) {
        await(uuid + " and its rack sampled in the console").atMost(LIMIT).until(() -> {
            int slot = gpuSlot(fleet, uuid);
            return slot >= 0
                    && fleet.current().sampleTime(slot) > 0
                    && fleet.current().rackSampleTime(0) > 0;
        });
        return gpuSlot(fleet, uuid);
    }

    /** The per-GPU measurements the console shows, by name, NaN where unavailable. */
    private static Map<String, Float> measurements(FleetTelemetry t, int slot) {
        Map<String, Float> m = new LinkedHashMap<>();
        m.put("utilization", t.utilizationPct(slot));
        m.put("sm active", t.smActivePct(slot));
        m.put("memory used", t.memoryUsedMib(slot));
        m.put("power", t.powerW(slot));
        m.put("power limit", t.powerLimitW(slot));
        m.put("gpu temperature", t.gpuTempC(slot));
        m.put("memory temperature", t.memoryTempC(slot));
        m.put("sm clock", t.smClockMhz(slot));
        return m;
    }

    private static Set<String> available(Map<String, Float> measurements) {
        Set<String> names = new TreeSet<>();
        measurements.forEach((name, value) -> {
            if (!value.isNaN()) {
                names.add(name);
            }
        });
        return names;
    }

    /** What the simulator's GPUs report, as the same console receives it. */
    private Set<String> simulatorFields() throws Exception {
        SimulatorAgent simulator = SimulatorAgent.create(
                        FleetShape.forGpus(64), 42, 200, "sim-", 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        running.add(simulator);
        FleetState fleet = console(simulator.port());
        Set<String> fields = new TreeSet<>();
        await("simulated samples in the console").atMost(LIMIT).until(() -> {
            FleetTelemetry t = fleet.current();
            for (int slot = 0; slot < t.layout().slotCount(); slot++) {
                if (!t.layout().isSlice(slot) && t.sampleTime(slot) > 0) {
                    fields.addAll(available(measurements(t, slot)));
                }
            }
            return !fields.isEmpty();
        });
        return fields;
    }

    private static void assertRack(FleetState fleet) {
        FleetTelemetry t = fleet.current();
        int rack = t.layout().rackIndex("H1-A01");
        assertThat(t.rackPowerKw(rack)).isEqualTo(0.429f); // dell_power.json PowerConsumedWatts 429
        assertThat(t.rackInletC(rack)).isNaN(); // dell_thermal.json has no inlet sensor: unavailable, not 0
        assertThat(t.rackFans(rack)).isEqualTo(16);
        assertThat(t.rackFansFailed(rack)).isZero();
    }

    private Path nvidiaSmiStandIn() {
        return NvidiaSmiStandIn.create(
                        mkdir(dir.resolve("nvidia")), L40S_CAPTURE, "nvidia-smi/query-xml__tesla-t4.xml", T4_UUID, "")
                .executable();
    }

    private static Path mkdir(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void eachSourceReachesTheConsoleWithTheSimulatorsFieldsAndTheFixturesValues() throws Exception {
        Set<String> simulator = simulatorFields();
        assertThat(simulator)
                .containsExactlyInAnyOrder(
                        "utilization",
                        "sm active",
                        "memory used",
                        "power",
                        "power limit",
                        "gpu temperature",
                        "memory temperature",
                        "sm clock");

        // nvidia-smi: the T4 of the XML inventory sampled with the L40S capture's row under load.
        FleetState nvidia = console(agent("gpu-nvidia-01", "nvidia_smi:\n  path: " + nvidiaSmiStandIn())
                .port());
        int slot = sampled(nvidia, T4_UUID);
        Map<String, Float> m = measurements(nvidia.current(), slot);
        assertThat(m)
                .containsEntry("utilization", 9f)
                .containsEntry("memory used", 1235f)
                .containsEntry("power", 110.23f)
                .containsEntry("power limit", 350f)
                .containsEntry("gpu temperature", 54f)
                .containsEntry("sm clock", 2520f);
        // nvidia-smi has no SM activity; "temperature.memory" is "N/A" on this card.
        assertThat(available(m)).isEqualTo(minus(simulator, "sm active", "memory temperature"));
        assertThat(nvidia.layout().accelerator(slot).model()).isEqualTo("Tesla T4");
        assertThat(nvidia.layout().accelerator(slot).memoryTotalMib()).isEqualTo(15360);
        // Measured zeros, told apart from "not measured": nvidia-smi's query has no XID field, so the
        // last XID is unmeasured (it was served as 0); ECC, row remapping and throttle reasons are measured.
        assertThat(nvidia.current().unmeasured(slot)).isEqualTo(IntegerReading.LAST_XID.bit());
        assertThat(nvidia.current().eccUncorrectable(slot)).isZero(); // ecc.errors.uncorrected.volatile.total 0
        assertThat(nvidia.current().remappedRowFailures(slot)).isZero(); // remapped_rows.failure No
        assertThat(nvidia.current().throttleReasons(slot)).isZero(); // clocks_event_reasons.active 0x0000000000000000
        assertRack(nvidia);

        // dcgm-exporter: the second T4 of the scrape.
        byte[] scrape = Fixtures.read("dcgm-exporter/2x-t4__one-workload.prom").getBytes(StandardCharsets.UTF_8);
        HttpServer exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.createContext("/metrics", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, scrape.length);
                exchange.getResponseBody().write(scrape);
            }
        });
        exporter.start();
        running.add(() -> exporter.stop(0));
        FleetState dcgm = console(agent(
                        "gpu-dcgm-01",
                        "dcgm_exporter:\n  url: http://127.0.0.1:"
                                + exporter.getAddress().getPort() + "/metrics")
                .port());
        slot = sampled(dcgm, DCGM_T4);
        m = measurements(dcgm.current(), slot);
        assertThat(m)
                .containsEntry("utilization", 0f)
                .containsEntry("sm active", 0f)
                .containsEntry("memory used", 5f)
                .containsEntry("power", 17.035f)
                .containsEntry("gpu temperature", 52f)
                .containsEntry("sm clock", 300f);
        // This exporter exports neither a power limit nor a memory temperature for T4s.
        assertThat(available(m)).isEqualTo(minus(simulator, "power limit", "memory temperature"));
        assertThat(dcgm.layout().accelerator(slot).memoryTotalMib()).isEqualTo(5 + 14955); // FB_USED + FB_FREE
        assertThat(dcgm.current().measured(slot, IntegerReading.LAST_XID)).isTrue();
        assertThat(dcgm.current().lastXid(slot)).isZero(); // DCGM_FI_DEV_XID_ERRORS 0
        assertRack(dcgm);

        // rocm-smi: card0 of the MI100 capture.
        FleetState rocm = console(agent("gpu-amd-01", "rocm_smi:\n  path: " + rocmSmiStandIn("rocm"))
                .port());
        slot = sampled(rocm, MI100_CARD0);
        m = measurements(rocm.current(), slot);
        assertThat(m)
                .containsEntry("utilization", 0f)
                .containsEntry("memory used", 6750208f / (1024 * 1024))
                .containsEntry("power", 36f)
                .containsEntry("power limit", 290f)
                .containsEntry("gpu temperature", 55f)
                .containsEntry("memory temperature", 53f)
                .containsEntry("sm clock", 300f);
        // rocm-smi has no SM-activity counter.
        assertThat(available(m)).isEqualTo(minus(simulator, "sm active"));
        // rocm-smi has no throttle bitmask, XID, uncorrectable-ECC total or row-remap count: unmeasured, not 0.
        for (IntegerReading reading : IntegerReading.values()) {
            assertThat(rocm.current().measured(slot, reading))
                    .as(reading + " on the MI100")
                    .isFalse();
        }
        assertThat(rocm.layout().accelerator(slot).model()).isEqualTo("AMD Instinct MI100");
        assertThat(rocm.layout().accelerator(slot).memoryTotalMib()).isEqualTo(34342961152L / (1024 * 1024));
        assertRack(rocm);
    }

    private static Set<String> minus(Set<String> all, String... unavailable) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(List.of(unavailable));
        return rest;
    }

    @Test
    void theServerPageOfANodeFedByNvidiaSmi() throws Exception {
        ConsoleApp app = consoleSampling(agent("gpu-nvidia-01", "nvidia_smi:\n  path: " + nvidiaSmiStandIn()), T4_UUID);
        // A few seconds of samples, so the sparklines have a line to draw.
        long first = app.live().fleet().current().sampleTime(gpuSlot(app.live().fleet(), T4_UUID));
        await("three seconds of samples")
                .atMost(LIMIT)
                .until(() -> app.live()
                                .fleet()
                                .current()
                                .sampleTime(gpuSlot(app.live().fleet(), T4_UUID))
                        > first + 3000);
        onFx(() -> {
            app.view().openNode(app.live().fleet().layout().nodeIndex("gpu-nvidia-01"));
            return null;
        });
        // The page fills on the next frames, not at once. "Busy" is the state from the sampled 9 %
        // (the figures themselves are drawn, not labels: see the picture).
        await("the sampled T4 on the server page")
                .atMost(LIMIT)
                .until(() -> shown(app).contains("Tesla T4") && shown(app).contains("Busy"));
        assertThat(shown(app)).contains("gpu-nvidia-01").contains("H1-A01");
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "node-detail-nvidia-smi.png");
    }

    @Test
    void theServerPageOfAnAmdNodeShowsWhatRocmSmiCannotMeasureAsADashNotAsZero() throws Exception {
        ConsoleApp app =
                consoleSampling(agent("gpu-amd-01", "rocm_smi:\n  path: " + rocmSmiStandIn("rocm-page")), MI100_CARD0);
        onFx(() -> {
            app.view().openNode(app.live().fleet().layout().nodeIndex("gpu-amd-01"));
            return null;
        });
        await("the MI100's unmeasured readings on the server page")
                .atMost(LIMIT)
                .until(() ->
                        shown(app).contains("AMD Instinct MI100") && shown(app).contains("not measured by its source"));
        String page = shown(app);
        assertThat(page).contains("XID \u2014").contains("ECC \u2014").doesNotContain("None reported");
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "node-detail-rocm-smi.png");
    }

    /** The real console on a profile of its own, connected to {@code agent}, once the GPU {@code uuid} has a sample. */
    private ConsoleApp consoleSampling(NodeAgent agent, String uuid) throws Exception {
        ConsoleApp app = console.start(List.of(new AgentEndpoint("127.0.0.1", agent.port())));
        running.add(console::stop); // closed before the agent it is connected to
        await(uuid + " in the console")
                .atMost(LIMIT)
                .until(() -> gpuSlot(app.live().fleet(), uuid) >= 0
                        && app.live()
                                        .fleet()
                                        .current()
                                        .sampleTime(gpuSlot(app.live().fleet(), uuid))
                                > 0);
        return app;
    }

    /** A rocm-smi that prints the MI100 capture for {@code --json}, in a folder of its own under the test's. */
    private Path rocmSmiStandIn(String folder) throws Exception {
        return StandIn.script(mkdir(dir.resolve(folder)), "rocm-smi", """
                case "$*" in
                  *--json*) cat "$D/out.json" ;;
                  *) exit 2 ;;
                esac
                """)
                .file("out.json", Fixtures.read("amd-rocm-smi/mi100_rocm602.json"))
                .executable();
    }

    private static String shown(ConsoleApp app) {
        try {
            return onFx(() -> texts(app.view().node()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String texts(javafx.scene.Node root) {
        StringBuilder all = new StringBuilder();
        for (javafx.scene.Node n : root.lookupAll(".label")) {
            if (n instanceof javafx.scene.control.Labeled labeled) {
                all.append(labeled.getText()).append('\n');
            }
        }
        return all.toString();
    }
}

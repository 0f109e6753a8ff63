package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.source.redfish.DellBmc;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.Inventory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real-node agent from a configuration file, with a stand-in nvidia-smi, served over gRPC. */
class NodeAgentTest {

    private static final String A100 = "GPU-513536b6-7d19-9063-b049-1e69664bb298";
    private static final String CAPTURE = "nvidia-smi/capture__h100-mig__590.48.01.txt";

    @TempDir
    Path dir;

    private NodeAgent agent;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    private Path standInNvidiaSmi() {
        return io.headroom.agent.source.nvidia.NvidiaSmiStandIn.create(
                        dir, CAPTURE, "nvidia-smi/query-xml__a100-sxm4-v12.xml", A100, "")
                .executable();
    }

    @Test
    void oneNodeInOneRackWithItsGpusAndMigInstances() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-a100-07
                  site: sh-1
                  hall: hall-2
                  rack: H2-C04
                  rack_unit: 17
                  pool: inference
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                """.formatted(standInNvidiaSmi()));
        AgentConfig parsed = AgentConfigReader.read(config);
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        Inventory inventory = AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getInventory(GetInventoryRequest.getDefaultInstance());
        assertThat(inventory.getSitesList()).extracting(s -> s.getId()).containsExactly("sh-1");
        assertThat(inventory.getRacksList()).extracting(r -> r.getId()).containsExactly("H2-C04");
        assertThat(inventory.getNodesList()).singleElement().satisfies(node -> {
            assertThat(node.getHostname()).isEqualTo("gpu-a100-07");
            assertThat(node.getRackId()).isEqualTo("H2-C04");
            assertThat(node.getUPosition()).isEqualTo(17);
            assertThat(node.getPool()).isEqualTo("inference");
            assertThat(node.getAcceleratorsList()).singleElement().satisfies(gpu -> {
                assertThat(gpu.getUuid()).isEqualTo(A100);
                assertThat(gpu.getSlicesCount()).isEqualTo(4);
            });
        });

        await("the GPU's first sample in the served table")
                .until(() -> agent.publisher().latest().sampleTime(0) > 0);
        FleetTelemetry latest = agent.publisher().latest();
        assertThat(latest.powerW(0)).isEqualTo(433.78f);
        assertThat(latest.utilizationPct(0)).isNaN();
        int slice = latest.layout().firstSliceSlot(0);
        await("a MIG instance's first sample")
                .until(() -> agent.publisher().latest().sampleTime(slice) > 0);
        assertThat(agent.publisher().latest().memoryUsedMib(slice)).isEqualTo(12f);
        // Nothing measures activity under MIG and nothing is allocated: the GPU is free, not busy, not stale.
        var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        assertThat(classifier.classify(agent.publisher().latest(), 0, System.currentTimeMillis()))
                .isEqualTo(IdleState.FREE_IDLE);
    }

    /**
     * A GPU instance split into two compute instances is served as one slice and streamed as one
     * sample: two samples with the same (GPU index, GPU instance id) no client can tell apart.
     */
    @Test
    void aSplitGpuInstanceIsServedAndStreamedOnce() throws Exception {
        String uuid = "GPU-4f1c0a7e-2b3d-4c5e-8f60-7a8b9c0d1e2f";
        String xml;
        try (var in = io.headroom.agent.source.nvidia.NvidiaSmiStandIn.class.getResourceAsStream(
                "a100-3g-split-into-1c-and-2c.xml")) {
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Path nvidiaSmi = io.headroom.agent.source.nvidia.NvidiaSmiStandIn.printing(dir, CAPTURE, xml, uuid, "")
                .executable();
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-a100-11
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                """.formatted(nvidiaSmi));
        AgentConfig parsed = AgentConfigReader.read(config);
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();

        var gpu = AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getInventory(GetInventoryRequest.getDefaultInstance())
                .getNodes(0)
                .getAccelerators(0);
        assertThat(gpu.getSlicesList()).extracting(s -> s.getGpuInstanceId()).containsExactly(1, 2);
        assertThat(gpu.getSlicesList().stream()
                        .mapToLong(s -> s.getMemoryTotalMib())
                        .sum())
                .isLessThanOrEqualTo(gpu.getMemoryTotalMib());
        assertThat(gpu.getSlices(0).getComputeInstancesList())
                .extracting(c -> c.getComputeSlices())
                .containsExactly(1, 2);

        await("both GPU instances' first samples").until(() -> {
            FleetTelemetry latest = agent.publisher().latest();
            int first = latest.layout().firstSliceSlot(0);
            return latest.sampleTime(first) > 0 && latest.sampleTime(first + 1) > 0;
        });
        var streamed = io.headroom.wire.TelemetryEncoder.node(agent.publisher().latest(), 0);
        assertThat(streamed.getAcceleratorsList().stream()
                        .filter(s -> s.hasGpuInstanceId())
                        .map(s -> s.getGpuIndex() + "/" + s.getGpuInstanceId())
                        .toList())
                .as("one sample per GPU instance")
                .containsExactly("0/1", "0/2");
        assertThat(streamed.getAcceleratorsList().stream()
                        .filter(s -> s.hasGpuInstanceId())
                        .map(s -> s.getMemoryUsedMib())
                        .toList())
                .containsExactly(5137f, 13f);
    }

    @Test
    void theStandaloneBackendDrainsOverGrpcAndRemembersItAndItsAnswerAcrossARestart() throws Exception {
        Path state = dir.resolve("state");
        Path config = Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-solo-01
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                scheduler:
                  backend: standalone
                  state_directory: %s
                """.formatted(standInNvidiaSmi(), state));
        AgentConfig parsed = AgentConfigReader.read(config);
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        var stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        var before = stub.getInventory(GetInventoryRequest.getDefaultInstance()).getNodes(0);
        assertThat(before.getGeneration()).isEqualTo(1);

        var drain = io.headroom.protocol.v1.ExecuteRequest.newBuilder()
                .setIdempotencyKey("op-1")
                .setHostname("gpu-solo-01")
                .setExpectedGeneration(1)
                .setRequester("li@hall-2")
                .setReason("swap fan")
                .setDrain(io.headroom.protocol.v1.Drain.getDefaultInstance())
                .build();
        var answer = stub.execute(drain);
        assertThat(answer.getStatus())
                .as(answer.getMessage())
                .isEqualTo(io.headroom.protocol.v1.ExecuteStatus.EXECUTE_STATUS_APPLIED);
        await("the inventory to show the node drained")
                .until(() -> agent.source().inventory().nodes().getFirst().schedulerState()
                        == io.headroom.core.fleet.SchedulerState.DRAINED);
        agent.close();
        channel.shutdownNow();

        agent = NodeAgent.create(AgentConfigReader.read(config), parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        var after = AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getInventory(GetInventoryRequest.getDefaultInstance())
                .getNodes(0);
        assertThat(after.getGeneration()).isEqualTo(2);
        assertThat(after.getSchedulerState().name()).contains("DRAINED");
        assertThat(Files.readString(state.resolve("nodes.properties"))).contains("gpu-solo-01.drained=true");

        // The console's outbox sends the same operation again (its answer was lost): the
        // restarted agent answers from its ledger, and the node is not changed a second time.
        var replayed = AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .execute(drain);
        assertThat(replayed.getReplayed()).isTrue();
        assertThat(replayed.getStatus()).isEqualTo(answer.getStatus());
        assertThat(replayed.getGeneration()).isEqualTo(2);
        assertThat(AgentGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getInventory(GetInventoryRequest.getDefaultInstance())
                        .getNodes(0)
                        .getGeneration())
                .isEqualTo(2);
    }

    /** An agent with the stand-in nvidia-smi, the stand-in iDRAC and /metrics on a free port. */
    private NodeAgent startWithMetrics(DellBmc bmc) throws Exception {
        Path credentials =
                Files.writeString(dir.resolve("redfish.credentials"), DellBmc.USER + ":" + DellBmc.PASSWORD + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        Path config =
                Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-a100-07
                  hall: hall-2
                  rack: H2-C04
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                  redfish:
                    credentials_file: %s
                    interval_ms: 1000
                    hosts:
                      - url: %s
                metrics:
                  enabled: true
                  address: 127.0.0.1
                  port: 0
                """.formatted(standInNvidiaSmi(), credentials, bmc.url()));
        AgentConfig parsed = AgentConfigReader.read(config);
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        await("rack and GPU samples in the served table")
                .until(() -> agent.publisher().latest().rackSampleTime(0) > 0
                        && agent.publisher().latest().sampleTime(0) > 0);
        return agent;
    }

    @Test
    void gpusFromNvidiaSmiAndRackSensorsFromRedfishAreOneNodeInOneRackAndOnMetrics() throws Exception {
        try (DellBmc bmc = DellBmc.http()) {
            startWithMetrics(bmc);

            var inventory = agent.source().inventory();
            assertThat(inventory.racks()).extracting(r -> r.id()).containsExactly("H2-C04");
            assertThat(inventory.nodes()).singleElement().satisfies(node -> {
                assertThat(node.rackId()).isEqualTo("H2-C04");
                assertThat(node.accelerators()).extracting(a -> a.uuid()).containsExactly(A100);
            });
            assertThat(agent.publisher().latest().rackPowerKw(0)).isEqualTo(0.429f); // PowerConsumedWatts 429
            assertThat(agent.publisher().latest().rackInletC(0)).isNaN(); // the Dell fixture has no inlet sensor
            assertThat(agent.publisher().latest().rackFans(0)).isEqualTo(16);
            assertThat(agent.publisher().latest().rackFansFailed(0)).isZero();

            String metrics = scrape(agent.metricsPort());
            String where = "hall=\"hall-2\",hostname=\"gpu-a100-07\",rack=\"H2-C04\"";
            assertThat(metrics)
                    .contains("headroom_gpu_power_watts{gpu=\"0\",gpu_instance=\"\"," + where + ",uuid=\"" + A100
                            + "\"} 433.78")
                    .contains("headroom_gpu_memory_used_bytes{gpu=\"0\",gpu_instance=\"3\"," + where + ",uuid=\"MIG-"
                            + A100 + "/3/0\"} " + (12.0 * 1024 * 1024))
                    .contains("headroom_rack_power_watts{" + where + "} 429.0")
                    .contains("headroom_rack_fans{" + where + "} 16.0")
                    .contains("headroom_rack_fans_failed{" + where + "} 0.0")
                    .containsPattern("headroom_agent_source_readings_total\\{source=\"nvidia-smi\"} [1-9]")
                    .contains("headroom_agent_source_restarts_total{source=\"nvidia-smi\"} 0.0")
                    .contains("headroom_agent_source_backoff_seconds{source=\"redfish\"} 0.0")
                    // No utilization under MIG: the series is absent, not 0.
                    .doesNotContain("headroom_gpu_utilization_percent{")
                    // remapped_rows.failure is [N/A] under MIG: absent, not 0; the ECC count is measured.
                    .doesNotContain("headroom_gpu_remapped_row_failures{")
                    .contains("headroom_gpu_ecc_uncorrectable_errors{gpu=\"0\",gpu_instance=\"\"," + where + ",uuid=\""
                            + A100 + "\"} 0.0");
        }
    }

    @Test
    void byteCountsAreExportedExactlyNotRoundedToFloatDigits() throws Exception {
        try (DellBmc bmc = DellBmc.http()) {
            startWithMetrics(bmc);
            double mib = agent.publisher().latest().layout().memoryTotalMib(0);
            assertThat(mib).isGreaterThan(40_000);

            String line = scrape(agent.metricsPort())
                    .lines()
                    .filter(l ->
                            l.startsWith("headroom_gpu_memory_total_bytes{") && l.contains("uuid=\"" + A100 + "\""))
                    .findFirst()
                    .orElseThrow();
            double bytes = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            // Prometheus divides by 2^20 for MiB: a float's 8 digits would make that 40,959.9998, not 40,960.
            assertThat(bytes).as(line).isEqualTo(mib * 1024 * 1024);
        }
    }

    /** Debian's promtool (package prometheus) lints a real scrape: names, help, types, units, label syntax. */
    @Test
    void aRealScrapePassesPromtoolCheckMetrics() throws Exception {
        Path promtool = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                promtool != null,
                "promtool is not installed (Debian: apt-get install prometheus); the /metrics lint is not run");
        try (DellBmc bmc = DellBmc.http()) {
            startWithMetrics(bmc);
            Path scrape = Files.writeString(dir.resolve("scrape.prom"), scrape(agent.metricsPort()));

            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(scrape.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(check.waitFor(60, TimeUnit.SECONDS))
                    .as("promtool finished")
                    .isTrue();
            assertThat(check.exitValue())
                    .as("promtool check metrics:%n%s%non:%n%s", output, Files.readString(scrape))
                    .isZero();
        }
    }

    private static String scrape(int port) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}

package io.headroom.agent.node;

import io.grpc.ManagedChannel;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.core.idle.IdleThresholds;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.Inventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import static io.headroom.agent.Conditions.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

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
        var fields = io.headroom.agent.source.nvidia.NvidiaTestLines.fieldsOf(CAPTURE);
        String row = io.headroom.agent.source.nvidia.NvidiaTestLines.lineOf(CAPTURE, fields, A100);
        return StandIn.script(dir, "nvidia-smi", """
                case "$1" in
                  --help-query-gpu) cat "$D/help.txt" ;;
                  -q) cat "$D/query.xml" ;;
                  --query-gpu=*) while :; do cat "$D/samples.csv"; sleep 0.05; done ;;
                esac
                """)
                .file("help.txt", String.join("\n", Fixtures.captureSection(CAPTURE, "nvidia-smi --help-query-gpu", 0)) + "\n")
                .file("query.xml", Fixtures.read("nvidia-smi/query-xml__a100-sxm4-v12.xml"))
                .file("samples.csv", row)
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
                .start(new InetSocketAddress("127.0.0.1", 0));

        channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(),
                io.grpc.InsecureChannelCredentials.create()).build();
        Inventory inventory = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
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

        waitUntil(() -> agent.publisher().latest().sampleTime(0) > 0, "the GPU's first sample in the served table");
        FleetTelemetry latest = agent.publisher().latest();
        assertThat(latest.powerW(0)).isEqualTo(433.78f);
        assertThat(latest.utilizationPct(0)).isNaN();
        int slice = latest.layout().firstSliceSlot(0);
        waitUntil(() -> agent.publisher().latest().sampleTime(slice) > 0, "a MIG instance's first sample");
        assertThat(agent.publisher().latest().memoryUsedMib(slice)).isEqualTo(12f);
        // Nothing measures activity under MIG and nothing is allocated: the GPU is free, not busy, not stale.
        var classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        assertThat(classifier.classify(agent.publisher().latest(), 0, System.currentTimeMillis()))
                .isEqualTo(IdleState.FREE_IDLE);
    }
}

package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.config.ConfigException;
import io.headroom.agent.source.SourceException;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryResolution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node agent keeps its history where agent.yaml says and answers GetHistory from it. */
class NodeHistoryTest {

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

    private Path config(String history) throws Exception {
        Path nvidiaSmi = io.headroom.agent.source.nvidia.NvidiaSmiStandIn.create(
                        dir, CAPTURE, "nvidia-smi/query-xml__a100-sxm4-v12.xml", A100, "")
                .executable();
        return Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-a100-07
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                %s
                """.formatted(nvidiaSmi, history));
    }

    @Test
    void theHistorySectionIsReadAndItsDefaultIsTheStateDirectory() throws Exception {
        AgentConfig none = AgentConfigReader.read(config(""));
        assertThat(none.history()).isEqualTo(AgentConfig.History.DEFAULT);
        assertThat(none.history().directory()).isEqualTo(Path.of("/var/lib/headroom-agent/history"));
        AgentConfig off = AgentConfigReader.read(config("history:\n  enabled: false\n"));
        assertThat(off.history().enabled()).isFalse();
        Path file = config("history:\n  folder: /tmp/x\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("history.folder");
    }

    @Test
    void aConfiguredFolderTheAgentCannotWriteStopsItWithTheReason() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("a-file"), "x");
        AgentConfig parsed = AgentConfigReader.read(config("history:\n  directory: " + notAFolder + "/history\n"));
        assertThatThrownBy(() -> NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cannot keep history in " + notAFolder + "/history")
                .hasMessageContaining("history.directory must be a folder the agent can write");
    }

    @Test
    void theAgentAnswersGetHistoryFromItsOwnFolder() throws Exception {
        Path history = dir.resolve("history");
        AgentConfig parsed = AgentConfigReader.read(config("history:\n  directory: " + history + "\n"));
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThat(history).isDirectory();
        await().until(() -> agent.publisher().latest().sampleTime(0) > 0);

        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        long now = System.currentTimeMillis();
        List<HistoryChunk> chunks = new ArrayList<>();
        AgentGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getHistory(GetHistoryRequest.newBuilder()
                        .setFromMs(now - 3_600_000)
                        .setToMs(now)
                        .setResolution(HistoryResolution.HISTORY_RESOLUTION_MINUTE)
                        .build())
                .forEachRemaining(chunks::add);
        // No minute has closed yet: the hour is this node's gap, not a row of zeros.
        assertThat(chunks.getLast().getLast()).isTrue();
        assertThat(chunks.getLast().getServerId()).isEqualTo("gpu-a100-07");
        assertThat(chunks.stream().mapToInt(HistoryChunk::getRowsCount).sum()).isZero();
        assertThat(chunks.getLast().getGapsList()).singleElement().satisfies(gap -> {
            assertThat(gap.getHostname()).isEqualTo("gpu-a100-07");
            assertThat(gap.getReason()).isEqualTo("no history kept for this time");
        });
    }

    @Test
    void withoutTheDebsStateDirectoryTheDefaultTurnsHistoryOffAndSaysWhy() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                Files.isDirectory(Path.of("/var/lib/headroom-agent")), "this machine has the .deb's state directory");
        AgentConfig parsed = AgentConfigReader.read(config(""));
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThat(Path.of("/var/lib/headroom-agent")).doesNotExist();
        channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        assertThatThrownBy(() -> AgentGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getHistory(GetHistoryRequest.newBuilder()
                                .setFromMs(0)
                                .setToMs(60_000)
                                .setResolution(HistoryResolution.HISTORY_RESOLUTION_MINUTE)
                                .build())
                        .hasNext())
                .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("history is off: /var/lib/headroom-agent does not exist (the .deb's state"
                                    + " directory); set history.directory to keep it elsewhere");
                });
    }
}

package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.operations.slurm.RealSlurm;
import io.headroom.agent.source.nvidia.NvidiaTestLines;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Cancel;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Requeue;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent as configured, with a stand-in nvidia-smi that lists a compute process: the
 * poller reads it on its own thread and hands the node's workloads to the sink, and /metrics
 * counts the readings.
 */
class WorkloadsOnTheNodeTest {

    private static final String T4 = "GPU-d37e67a5-91dd-3774-a5cb-99096249601a";
    private static final String CAPTURE = "nvidia-smi/capture__l40s__595.80.txt";

    @TempDir
    Path dir;

    private NodeAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private Path nvidiaSmi(String computeApps) {
        return StandIn.script(dir, "nvidia-smi", """
                        case "$1" in
                          --help-query-gpu) cat "$D/help.txt" ;;
                          -q) cat "$D/query.xml" ;;
                          --query-gpu=*) while :; do cat "$D/samples.csv"; sleep 0.05; done ;;
                          --query-compute-apps=*) cat "$D/apps.csv" ;;
                        esac
                        """)
                .file(
                        "help.txt",
                        String.join("\n", Fixtures.captureSection(CAPTURE, "nvidia-smi --help-query-gpu", 0)) + "\n")
                .file("query.xml", Fixtures.read("nvidia-smi/query-xml__tesla-t4.xml"))
                .file("samples.csv", NvidiaTestLines.lineOf(CAPTURE, NvidiaTestLines.fieldsOf(CAPTURE), T4))
                .file("apps.csv", computeApps)
                .executable();
    }

    @Test
    void aProcessOnNoJobsGpuIsReportedAsItsOwnWorkloadAndCounted() throws Exception {
        Path config = Files.writeString(
                dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-t4-01
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                workloads:
                  interval_ms: 1000
                metrics:
                  enabled: true
                  address: 127.0.0.1
                  port: 0
                """.formatted(nvidiaSmi(T4 + ", 5762, python, 1005 MiB\n")));
        AgentConfig parsed = AgentConfigReader.read(config);
        assertThat(parsed.workloads().intervalMs()).isEqualTo(1000);
        AtomicReference<List<Workload>> reported = new AtomicReference<>(List.of());
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .reportWorkloadsTo((String scope, Collection<Workload> w) -> {
                    assertThat(scope).isEqualTo("gpu-t4-01");
                    reported.set(List.copyOf(w));
                })
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        await("the process on GPU 0 as a workload").until(() -> !reported.get().isEmpty());
        Workload process = reported.get().getFirst();
        assertThat(process.getId()).isEqualTo("process:gpu-t4-01:5762");
        assertThat(process.getKind()).isEqualTo(WorkloadKind.WORKLOAD_KIND_PROCESS);
        assertThat(process.getHoldings(0).getGpuIndex()).isZero();
        assertThat(process.getProcesses(0).getMemoryUsedMib()).isEqualTo(1005f);

        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String metrics = http.send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + agent.metricsPort() + "/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .containsPattern("headroom_agent_source_readings_total\\{source=\"nvidia-smi-processes\"} [1-9]");
        }
    }

    @Test
    void whatTheNodeReadsIsServedOverGetWorkloads() throws Exception {
        Path config = Files.writeString(
                dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-t4-01
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                workloads:
                  interval_ms: 1000
                """.formatted(nvidiaSmi(T4 + ", 5762, python, 1005 MiB\n")));
        AgentConfig parsed = AgentConfigReader.read(config);
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .build();
        try {
            var stub = io.headroom.protocol.v1.AgentGrpc.newBlockingStub(channel);
            await("the process served as a workload")
                    .until(
                            () -> stub.withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                                    .getWorkloads(io.headroom.protocol.v1.GetWorkloadsRequest.getDefaultInstance()),
                            table -> table.getWorkloadsCount() == 1 && table.getWorkloadVersion() > 0);
            var table = stub.getWorkloads(io.headroom.protocol.v1.GetWorkloadsRequest.getDefaultInstance());
            assertThat(table.getWorkloads(0).getId()).isEqualTo("process:gpu-t4-01:5762");
        } finally {
            channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Against the real Slurm of {@code .ci/slurm-up} (skipped where none answers): the agent,
     * configured with the Slurm backend, reports two users' jobs with their GPUs through its
     * poller, and requeues one and cancels the other through gRPC Execute.
     */
    @Test
    void realSlurmJobsAreReportedAndTakenBackOverExecute() throws Exception {
        String node = RealSlurm.nodeOrSkip();
        RealSlurm.twoUsersWithGpusOrSkip(node);
        Path config =
                Files.writeString(dir.resolve("agent.yaml"), """
                node:
                  hostname: %s
                interval_ms: 200
                sources:
                  nvidia_smi:
                    path: %s
                scheduler:
                  backend: slurm
                  state_directory: %s
                workloads:
                  interval_ms: 1000
                """.formatted(node, nvidiaSmi(""), dir.resolve("state")));
        AgentConfig parsed = AgentConfigReader.read(config);
        AtomicReference<List<Workload>> reported = new AtomicReference<>(List.of());
        agent = NodeAgent.create(parsed, parsed.intervalMs(), 5, InstantSource.system())
                .reportWorkloadsTo((String scope, Collection<Workload> w) -> reported.set(List.copyOf(w)))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        String alice = RealSlurm.submitAs("headroom-alice", node, "--gres=gpu:2", "-J", "alice-train");
        String bob = RealSlurm.submitAs("headroom-bob", node, "--gres=gpu:1", "-J", "bob-notebook");
        ManagedChannel channel = io.grpc.Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", agent.port(), io.grpc.InsecureChannelCredentials.create())
                .build();
        try {
            await("both jobs reported by the agent's poller")
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> reported.get().stream()
                            .map(Workload::getSchedulerId)
                            .toList()
                            .containsAll(List.of(alice, bob)));
            Workload aliceJob = find(reported.get(), alice);
            Workload bobJob = find(reported.get(), bob);
            assertThat(aliceJob.getUser()).isEqualTo("headroom-alice");
            assertThat(aliceJob.getHoldingsCount()).isEqualTo(2);
            assertThat(bobJob.getUser()).isEqualTo("headroom-bob");
            assertThat(bobJob.getHoldingsCount()).isEqualTo(1);
            assertThat(aliceJob.getHoldingsList()).doesNotContainAnyElementsOf(bobJob.getHoldingsList());

            var stub = AgentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            ExecuteResponse requeued = stub.execute(ExecuteRequest.newBuilder()
                    .setIdempotencyKey("requeue-" + alice)
                    .setHostname(node)
                    .setRequester("ci@headroom")
                    .setReason("alice's GPUs idle for 2 h")
                    .setRequeue(Requeue.newBuilder().setWorkloadId(aliceJob.getId()))
                    .build());
            assertThat(requeued.getStatus())
                    .as(requeued.getMessage())
                    .isIn(ExecuteStatus.EXECUTE_STATUS_APPLIED, ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
            ExecuteResponse cancelled = AgentGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .execute(ExecuteRequest.newBuilder()
                            .setIdempotencyKey("cancel-" + bob)
                            .setHostname(node)
                            .setRequester("ci@headroom")
                            .setReason("notebook left open")
                            .setCancel(Cancel.newBuilder().setWorkloadId(bobJob.getId()))
                            .build());
            assertThat(cancelled.getStatus())
                    .as(cancelled.getMessage())
                    .isIn(ExecuteStatus.EXECUTE_STATUS_APPLIED, ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS);
            await("Slurm to show alice's job queued again and bob's cancelled")
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> List.of("PENDING", "REQUEUED", "REQUEUE_HOLD").contains(RealSlurm.jobState(alice))
                            && List.of("CANCELLED", "gone").contains(RealSlurm.jobState(bob)));
            await("the agent to report neither job on " + node)
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> reported.get().stream()
                            .map(Workload::getSchedulerId)
                            .noneMatch(id -> id.equals(alice) || id.equals(bob)));
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            RealSlurm.cancel(alice, bob);
        }
    }

    private static Workload find(List<Workload> workloads, String schedulerId) {
        return workloads.stream()
                .filter(w -> w.getSchedulerId().equals(schedulerId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void workloadsCanBeTurnedOff() throws Exception {
        Path config = Files.writeString(
                dir.resolve("agent.yaml"), """
                node:
                  hostname: gpu-t4-01
                sources:
                  nvidia_smi:
                    path: %s
                workloads:
                  enabled: false
                """.formatted(nvidiaSmi(T4 + ", 5762, python, 1005 MiB\n")));
        AgentConfig parsed = AgentConfigReader.read(config);
        assertThat(parsed.workloads().enabled()).isFalse();
        assertThat(AgentConfigReader.read(Files.writeString(dir.resolve("none.yaml"), "interval_ms: 500\n"))
                        .workloads())
                .isEqualTo(AgentConfig.Workloads.DEFAULT);
    }
}

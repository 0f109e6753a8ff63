package io.headroom.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Cancel;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.WorkloadKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's agent over gRPC: who holds its GPUs, and a reclaim that shows in the stream. */
class SimulatorAgentWorkloadsTest {

    private SimulatorAgent agent;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void getWorkloadsNamesTheHoldersAndACancelledJobEndsInTheStream() throws Exception {
        agent = SimulatorAgent.create(FleetShape.forGpus(256), 3, 200, "east-", 30, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), InsecureChannelCredentials.create())
                .build();
        var stub = AgentGrpc.newBlockingStub(channel);

        var table = stub.withDeadlineAfter(10, TimeUnit.SECONDS).getWorkloads(GetWorkloadsRequest.getDefaultInstance());
        assertThat(table.getServerId()).isEqualTo("east-simulator");
        assertThat(table.getWorkloadVersion()).isPositive();
        assertThat(table.getWorkloadsList()).isNotEmpty();
        var job = table.getWorkloadsList().stream()
                .filter(w -> w.getKind() == WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .findFirst()
                .orElseThrow();
        assertThat(job.getId()).startsWith("slurm:east-sim:");

        var stream = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .streamTelemetry(
                        StreamTelemetryRequest.newBuilder().setClientId("t").build());
        assertThat(stream.next().getWorkloadVersion())
                .as("the snapshot carries the version")
                .isPositive();

        var cancelled = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .execute(ExecuteRequest.newBuilder()
                        .setHostname(job.getHoldings(0).getHostname())
                        .setIdempotencyKey("cancel-1")
                        .setReason("held idle")
                        .setCancel(Cancel.newBuilder().setWorkloadId(job.getId()))
                        .build());
        assertThat(cancelled.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);

        TelemetryBatch batch;
        do {
            batch = stream.next();
        } while (!batch.getWorkloadChanges().getEndedList().contains(job.getId()));
        assertThat(batch.getWorkloadVersion())
                .isGreaterThan(batch.getWorkloadChanges().getFromVersion());
    }
}

package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.headroom.agent.workloads.WorkloadBook;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.protocol.v1.WorkloadTable;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.BatchHeader;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the relay asks an upstream agent for its whole table, and when it follows the changes instead. */
class UpstreamWorkloadsTest {

    private static final AgentEndpoint EAST = new AgentEndpoint("east", 1);

    private final WorkloadBook book = new WorkloadBook();
    private final AtomicInteger asked = new AtomicInteger();
    private volatile WorkloadTable table = WorkloadTable.getDefaultInstance();
    private volatile boolean unimplemented;
    private Server server;
    private ManagedChannel channel;
    private UpstreamWorkloads upstream;

    @BeforeEach
    void agent() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new AgentGrpc.AgentImplBase() {
                    @Override
                    public void getWorkloads(GetWorkloadsRequest request, StreamObserver<WorkloadTable> observer) {
                        asked.incrementAndGet();
                        if (unimplemented) {
                            observer.onError(Status.UNIMPLEMENTED.asRuntimeException());
                            return;
                        }
                        observer.onNext(table);
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
        upstream = new UpstreamWorkloads(book, endpoint -> Optional.of(channel));
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static Workload job(String id, int gpu) {
        return Workload.newBuilder()
                .setId(id)
                .addHoldings(Holding.newBuilder().setHostname("east-n0").setGpuIndex(gpu))
                .build();
    }

    private static BatchHeader batch(String epoch, long version) {
        return BatchHeader.read(TelemetryBatch.newBuilder()
                .setEpoch(epoch)
                .setWorkloadVersion(version)
                .build()
                .toByteArray());
    }

    private static BatchHeader batch(String epoch, long from, long to, List<Workload> upserted, List<String> ended) {
        return BatchHeader.read(TelemetryBatch.newBuilder()
                .setEpoch(epoch)
                .setWorkloadVersion(to)
                .setWorkloadChanges(WorkloadChanges.newBuilder()
                        .setFromVersion(from)
                        .addAllUpserted(upserted)
                        .addAllEnded(ended))
                .build()
                .toByteArray());
    }

    private void tableAt(long version, Workload... workloads) {
        table = WorkloadTable.newBuilder()
                .setWorkloadVersion(version)
                .addAllWorkloads(List.of(workloads))
                .build();
    }

    @Test
    void asksOnceOnConnectingThenFollowsChangesAndAsksAgainOnAGap() {
        tableAt(5, job("a", 0));
        upstream.onBatch(EAST, batch("e1", 5));
        await("the table").until(() -> book.find("a").isPresent());
        assertThat(asked).hasValue(1);

        upstream.onBatch(EAST, batch("e1", 5, 6, List.of(job("b", 1)), List.of("a")));
        upstream.onBatch(EAST, batch("e1", 6));
        assertThat(book.find("a")).isEmpty();
        assertThat(book.find("b")).isPresent();
        assertThat(asked).as("followed without asking").hasValue(1);

        // Changes from 8 while holding 6: 7 was missed.
        tableAt(9, job("c", 2));
        upstream.onBatch(EAST, batch("e1", 8, 9, List.of(job("c", 2)), List.of()));
        await("the table again").until(() -> book.find("b").isEmpty());
        assertThat(book.find("c")).isPresent();
        assertThat(asked).hasValue(2);

        // A version without changes it cannot reach (the agent dropped its queue).
        tableAt(12, job("d", 3));
        upstream.onBatch(EAST, batch("e1", 12));
        await("the table a third time").until(() -> book.find("d").isPresent());
        assertThat(asked).hasValue(3);
    }

    @Test
    void aRestartedAgentIsAskedAgainEvenAtALowerVersion() {
        tableAt(40, job("a", 0));
        upstream.onBatch(EAST, batch("e1", 40));
        await().until(() -> book.find("a").isPresent());

        tableAt(1, job("z", 0));
        upstream.onBatch(EAST, batch("e2", 1));
        await("the new epoch's table").until(() -> book.find("z").isPresent());
        assertThat(book.find("a")).isEmpty();
        assertThat(asked).hasValue(2);
    }

    @Test
    void anOldAgentAnsweringUnimplementedHoldsNothingAndIsNotAskedAgainInItsEpoch() {
        unimplemented = true;
        upstream.onBatch(EAST, batch("e1", 0));
        await().until(() -> asked.get() == 1);
        for (int i = 0; i < 5; i++) {
            upstream.onBatch(EAST, batch("e1", 0));
        }
        assertThat(asked).hasValue(1);
        assertThat(book.table("relay").getWorkloadsList()).isEmpty();
    }
}

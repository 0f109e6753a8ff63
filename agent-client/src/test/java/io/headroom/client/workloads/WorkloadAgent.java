package io.headroom.client.workloads;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.headroom.protocol.v1.Accelerator;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.GetWorkloadsRequest;
import io.headroom.protocol.v1.Hall;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Inventory;
import io.headroom.protocol.v1.Node;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.Rack;
import io.headroom.protocol.v1.SchedulerState;
import io.headroom.protocol.v1.Site;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Vendor;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import io.headroom.protocol.v1.WorkloadKind;
import io.headroom.protocol.v1.WorkloadTable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process agent with one node of two GPUs whose workloads the test sets: GetWorkloads
 * answers the table (or UNIMPLEMENTED, or UNAVAILABLE a number of times), and the test sends
 * each telemetry batch itself, with or without workload changes. One writer: the test thread.
 */
final class WorkloadAgent implements AutoCloseable {

    static final String EPOCH = "epoch-1";

    final String name = InProcessServerBuilder.generateName();
    final String hostname;
    private final int rackPosition;
    private final Server server;
    private final AtomicInteger tableCalls = new AtomicInteger();
    private volatile WorkloadTable table = WorkloadTable.getDefaultInstance();
    private volatile boolean implemented = true;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile StreamObserver<TelemetryBatch> stream;
    private long sequence;
    private long time = 1_700_000_000_000L;

    WorkloadAgent(String hostname, int rackPosition) throws IOException {
        this.hostname = hostname;
        this.rackPosition = rackPosition;
        var service = new AgentGrpc.AgentImplBase() {
            @Override
            public void getInventory(GetInventoryRequest request, StreamObserver<Inventory> response) {
                response.onNext(inventory());
                response.onCompleted();
            }

            @Override
            public void streamTelemetry(StreamTelemetryRequest request, StreamObserver<TelemetryBatch> response) {
                stream = response;
            }

            @Override
            public void getWorkloads(GetWorkloadsRequest request, StreamObserver<WorkloadTable> response) {
                tableCalls.incrementAndGet();
                if (!implemented) {
                    response.onError(Status.UNIMPLEMENTED.asRuntimeException());
                } else if (failuresLeft.getAndDecrement() > 0) {
                    response.onError(Status.UNAVAILABLE
                            .withDescription("scheduler not answering")
                            .asRuntimeException());
                } else {
                    response.onNext(table);
                    response.onCompleted();
                }
            }
        };
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(service)
                .build()
                .start();
    }

    void table(long version, Workload... workloads) {
        table = WorkloadTable.newBuilder()
                .setServerId(hostname)
                .setWorkloadVersion(version)
                .addAllWorkloads(List.of(workloads))
                .build();
    }

    void unimplemented() {
        implemented = false;
    }

    void failTimes(int times) {
        failuresLeft.set(times);
    }

    int tableCalls() {
        return tableCalls.get();
    }

    boolean streaming() {
        return stream != null;
    }

    /** The next batch in sequence, carrying this workload version. */
    TelemetryBatch.Builder batch(long workloadVersion) {
        time += 1000;
        var node = NodeSample.newBuilder()
                .setHostname(hostname)
                .setTimeMs(time)
                .setSchedulerState(SchedulerState.SCHEDULER_STATE_ALLOCATED)
                .setGeneration(1);
        for (int gpu = 0; gpu < 2; gpu++) {
            node.addAccelerators(AcceleratorSample.newBuilder()
                    .setGpuIndex(gpu)
                    .setUtilizationPct(1)
                    .setAllocated(true));
        }
        return TelemetryBatch.newBuilder()
                .setEpoch(EPOCH)
                .setSequence(++sequence)
                .setSnapshot(sequence == 1)
                .setServerTimeMs(time)
                .setInventoryVersion(1)
                .setWorkloadVersion(workloadVersion)
                .addNodes(node);
    }

    /** A batch whose workload changes take the table from {@code from} to {@code to}. */
    TelemetryBatch.Builder changes(long from, long to, List<Workload> upserted, List<String> ended) {
        return batch(to)
                .setWorkloadChanges(WorkloadChanges.newBuilder()
                        .setFromVersion(from)
                        .addAllUpserted(upserted)
                        .addAllEnded(ended));
    }

    void send(TelemetryBatch.Builder batch) {
        stream.onNext(batch.build());
    }

    /** Skips sequence numbers, as a batch lost on the way would. */
    void skip(int batches) {
        sequence += batches;
    }

    static Workload job(String jobId, String user, String... holdings) {
        var job = Workload.newBuilder()
                .setId("slurm:test:" + jobId)
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .setSchedulerId(jobId)
                .setName("train")
                .setUser(user)
                .setAccount("physics")
                .setPool("gpu")
                .setStartTimeMs(1_700_000_000_000L);
        for (String holding : holdings) {
            String[] parts = holding.split(":", -1);
            job.addHoldings(Holding.newBuilder().setHostname(parts[0]).setGpuIndex(Integer.parseInt(parts[1])));
        }
        return job.build();
    }

    private Inventory inventory() {
        var gpu = Accelerator.newBuilder()
                .setVendor(Vendor.VENDOR_NVIDIA)
                .setModel("NVIDIA H100 80GB HBM3")
                .setMemoryTotalMib(81559);
        return Inventory.newBuilder()
                .setServerId(hostname)
                .setInventoryVersion(1)
                .addSites(Site.newBuilder().setId("s1").setName("Site 1"))
                .addHalls(Hall.newBuilder().setId("h1").setSiteId("s1").setName("Hall 1"))
                .addRacks(Rack.newBuilder()
                        .setId("r-" + hostname)
                        .setHallId("h1")
                        .setRow("A")
                        .setPosition(rackPosition)
                        .setHeightU(42)
                        .setPowerBudgetKw(40))
                .addNodes(Node.newBuilder()
                        .setHostname(hostname)
                        .setSerial("SN-" + hostname)
                        .setRackId("r-" + hostname)
                        .setUPosition(1)
                        .setUHeight(4)
                        .setPool("gpu")
                        .setTenant("acme")
                        .setSchedulerState(SchedulerState.SCHEDULER_STATE_ALLOCATED)
                        .setGeneration(1)
                        .setSampleIntervalMs(1000)
                        .addAccelerators(
                                gpu.clone().setUuid("GPU-" + hostname + "-0").setIndex(0))
                        .addAccelerators(
                                gpu.clone().setUuid("GPU-" + hostname + "-1").setIndex(1)))
                .build();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

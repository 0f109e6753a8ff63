package io.headroom.client.resilience;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.headroom.protocol.v1.Accelerator;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import io.headroom.protocol.v1.Hall;
import io.headroom.protocol.v1.Inventory;
import io.headroom.protocol.v1.Node;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.Rack;
import io.headroom.protocol.v1.SchedulerState;
import io.headroom.protocol.v1.Site;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Vendor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent that misbehaves on demand, served over real gRPC on loopback. GetInventory is an
 * ordinary {@link AgentGrpc.AgentImplBase} method; StreamTelemetry is bound with a raw byte[]
 * response marshaller, so it can put bytes on the wire that no protobuf encoder would write.
 *
 * <p>One node ({@value #HOSTNAME}, two GPUs) in one rack.
 */
final class FakeAgent implements AutoCloseable {

    static final String HOSTNAME = "fake-node-01";
    static final String EPOCH = "fake-epoch";
    static final long TICK_MILLIS = 50;

    /** What the next calls get. */
    enum Mode {
        /** A valid inventory, and a stream of valid batches (a snapshot, then one batch per tick). */
        GOOD,
        /** A valid inventory, and a stream whose first message is not protobuf. */
        GARBAGE,
        /** A valid inventory, and a stream whose first message is valid protobuf but over 100 KiB. */
        OVERSIZED,
        /** An inventory with a node that has no hostname. */
        NAMELESS_NODE,
        /** A valid inventory, and a stream that sends one snapshot batch and then nothing (a slow agent). */
        SNAPSHOT_ONLY
    }

    /** Tag 1 with wire type 7, which does not exist: no protobuf parser accepts it. */
    static final byte[] GARBAGE = {0x0F, (byte) 0xFF, (byte) 0xFF, 0x00, 0x42};

    static final int OVERSIZED_BYTES = 100 * 1024;

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private volatile Mode mode;
    private final AtomicInteger inventoryCalls = new AtomicInteger();
    private final AtomicInteger streamCalls = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong sampleTime = new AtomicLong(1_700_000_000_000L);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fake-agent-ticker").daemon().factory());
    private final Server server;

    FakeAgent(Mode initial) throws IOException {
        this.mode = initial;
        var inventoryService = new AgentGrpc.AgentImplBase() {
            @Override
            public void getInventory(GetInventoryRequest request, StreamObserver<Inventory> responseObserver) {
                inventoryCalls.incrementAndGet();
                responseObserver.onNext(inventory(mode == Mode.NAMELESS_NODE ? "" : HOSTNAME));
                responseObserver.onCompleted();
            }
        }.bindService();
        var rawStream = AgentGrpc.getStreamTelemetryMethod().toBuilder(
                        AgentGrpc.getStreamTelemetryMethod().getRequestMarshaller(), RAW)
                .build();
        var service = ServerServiceDefinition.builder(AgentGrpc.SERVICE_NAME)
                .addMethod(inventoryService.getMethod(
                        AgentGrpc.getGetInventoryMethod().getFullMethodName()))
                .addMethod(rawStream, ServerCalls.asyncServerStreamingCall(this::streamTelemetry))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(service)
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    void mode(Mode next) {
        mode = next;
    }

    int inventoryCalls() {
        return inventoryCalls.get();
    }

    int streamCalls() {
        return streamCalls.get();
    }

    static Inventory inventory(String hostname) {
        var gpu = Accelerator.newBuilder()
                .setVendor(Vendor.VENDOR_NVIDIA)
                .setModel("NVIDIA H100 80GB HBM3")
                .setMemoryTotalMib(81559);
        return Inventory.newBuilder()
                .setServerId("fake")
                .setInventoryVersion(1)
                .addSites(Site.newBuilder().setId("s1").setName("Site 1"))
                .addHalls(Hall.newBuilder().setId("h1").setSiteId("s1").setName("Hall 1"))
                .addRacks(Rack.newBuilder()
                        .setId("r1")
                        .setHallId("h1")
                        .setRow("A")
                        .setPosition(1)
                        .setHeightU(42)
                        .setPowerBudgetKw(40))
                .addNodes(Node.newBuilder()
                        .setHostname(hostname)
                        .setSerial("SN-0001")
                        .setRackId("r1")
                        .setUPosition(1)
                        .setUHeight(4)
                        .setPool("train")
                        .setTenant("acme")
                        .setSchedulerState(SchedulerState.SCHEDULER_STATE_ALLOCATED)
                        .setGeneration(1)
                        .setSampleIntervalMs((int) TICK_MILLIS)
                        .addAccelerators(gpu.clone().setUuid("GPU-0").setIndex(0))
                        .addAccelerators(gpu.clone().setUuid("GPU-1").setIndex(1)))
                .build();
    }

    private TelemetryBatch.Builder batch(long seq, boolean snapshot) {
        long time = sampleTime.addAndGet(TICK_MILLIS);
        var node = NodeSample.newBuilder()
                .setHostname(HOSTNAME)
                .setTimeMs(time)
                .setSchedulerState(SchedulerState.SCHEDULER_STATE_ALLOCATED)
                .setGeneration(1);
        for (int gpu = 0; gpu < 2; gpu++) {
            node.addAccelerators(AcceleratorSample.newBuilder()
                    .setGpuIndex(gpu)
                    .setUtilizationPct(87)
                    .setSmActivePct(80)
                    .setPowerW(610)
                    .setPowerLimitW(700)
                    .setGpuTempC(61)
                    .setMemoryTempC(70)
                    .setAllocated(true));
        }
        return TelemetryBatch.newBuilder()
                .setEpoch(EPOCH)
                .setSequence(seq)
                .setSnapshot(snapshot)
                .setServerTimeMs(time)
                .setInventoryVersion(1)
                .addNodes(node);
    }

    private void streamTelemetry(StreamTelemetryRequest request, StreamObserver<byte[]> responseObserver) {
        streamCalls.incrementAndGet();
        var observer = (ServerCallStreamObserver<byte[]>) responseObserver;
        switch (mode) {
            case GARBAGE -> observer.onNext(GARBAGE);
            case OVERSIZED ->
                observer.onNext(batch(sequence.get(), true)
                        .setEpoch("x".repeat(OVERSIZED_BYTES))
                        .build()
                        .toByteArray());
            case NAMELESS_NODE -> observer.onError(new IllegalStateException("the client should not get this far"));
            case SNAPSHOT_ONLY ->
                observer.onNext(batch(sequence.get(), true).build().toByteArray());
            case GOOD -> {
                observer.onNext(batch(sequence.get(), true).build().toByteArray());
                // One writer: every later message is sent from the ticker thread.
                ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(
                        () -> {
                            if (!observer.isCancelled() && observer.isReady()) {
                                observer.onNext(batch(sequence.incrementAndGet(), false)
                                        .build()
                                        .toByteArray());
                            }
                        },
                        TICK_MILLIS,
                        TICK_MILLIS,
                        TimeUnit.MILLISECONDS);
                observer.setOnCancelHandler(() -> ticks.cancel(false));
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

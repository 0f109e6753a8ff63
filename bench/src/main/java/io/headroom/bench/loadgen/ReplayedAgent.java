package io.headroom.bench.loadgen;

import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Inventory;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One recorded agent served again over gRPC, speaking the agent protocol: GetInventory answers
 * the recorded inventory, StreamTelemetry sends the recorded batches at this agent's share of
 * the replay rate. Everything else answers UNIMPLEMENTED, as an agent older than it would.
 */
final class ReplayedAgent implements AutoCloseable {

    private final RecordedAgent recording;
    private final Inventory inventory;
    private final ReplayPace pace;
    private final String epoch = UUID.randomUUID().toString();
    private final Object stamping = new Object();
    private final ExecutorService senders;
    private Server server;

    /**
     * @param samplesPerSecond this agent's rate: its rounds come this much faster or slower than
     *                         once a second, and its inventory says so in each node's sample interval
     */
    ReplayedAgent(RecordedAgent recording, double samplesPerSecond) {
        this.recording = recording;
        this.pace = new ReplayPace(samplesPerSecond);
        double roundMillis = 1000.0 * recording.samplesPerRound() / samplesPerSecond;
        this.inventory = withSampleInterval(recording.inventory(), roundMillis);
        this.senders = Executors.newCachedThreadPool(Thread.ofPlatform()
                .name(recording.name() + "-sender-", 0)
                .daemon()
                .factory());
    }

    /**
     * Rounds slower than the recorded second would leave nodes stale after 3 intervals: nodes
     * say they are sampled once a round (never faster than the recording's interval).
     */
    private static Inventory withSampleInterval(Inventory recorded, double roundMillis) {
        var builder = recorded.toBuilder();
        for (var node : builder.getNodesBuilderList()) {
            node.setSampleIntervalMs(Math.max(node.getSampleIntervalMs(), (int) Math.ceil(roundMillis)));
        }
        return builder.build();
    }

    ReplayedAgent serve(InetSocketAddress address) throws IOException {
        server = NettyServerBuilder.forAddress(address, InsecureServerCredentials.create())
                .addService(service())
                .build()
                .start();
        return this;
    }

    int port() {
        return server.getPort();
    }

    RecordedAgent recording() {
        return recording;
    }

    ReplayPace pace() {
        return pace;
    }

    private ServerServiceDefinition service() {
        MethodDescriptor<StreamTelemetryRequest, BatchFrame> stream = AgentGrpc.getStreamTelemetryMethod().toBuilder(
                        ProtoUtils.marshaller(StreamTelemetryRequest.getDefaultInstance()), new FrameMarshaller())
                .build();
        return ServerServiceDefinition.builder(AgentGrpc.SERVICE_NAME)
                .addMethod(AgentGrpc.getGetInventoryMethod(), ServerCalls.asyncUnaryCall((request, answer) -> {
                    answer.onNext(inventory);
                    answer.onCompleted();
                }))
                .addMethod(stream, ServerCalls.asyncServerStreamingCall(this::stream))
                .build();
    }

    private void stream(StreamTelemetryRequest request, StreamObserver<BatchFrame> observer) {
        var call = (ServerCallStreamObserver<BatchFrame>) observer;
        // Like an agent that still holds everything: a client resuming this epoch continues without a hole.
        long first = epoch.equals(request.getResumeEpoch()) ? request.getResumeAfterSequence() + 1 : 1;
        var sender = new ReplayStream(call, recording, stamping, pace, epoch, first);
        try {
            senders.execute(sender);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            call.onError(Status.UNAVAILABLE
                    .withDescription("the replayer is stopping")
                    .asRuntimeException());
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        if (server != null) {
            server.shutdownNow();
        }
    }
}

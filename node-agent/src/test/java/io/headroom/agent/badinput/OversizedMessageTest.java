package io.headroom.agent.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.headroom.agent.server.AgentServer;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.AgentHealth;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages over the size limits, both ways: a client sending the agent more than
 * {@link AgentServer#MAX_INBOUND_BYTES} (1 MiB), and an agent sending the console more than
 * {@link ClientOptions#MAX_MESSAGE_BYTES} (32 MiB). Each is refused with RESOURCE_EXHAUSTED
 * naming the limit, before it is parsed, and the refusing side carries on.
 */
class OversizedMessageTest {

    private static AgentUnderAbuse abused;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws IOException {
        abused = new AgentUnderAbuse();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", abused.port())
                .usePlaintext()
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        abused.close();
    }

    @Test
    void requestsOverTheAgentsLimitAreRefusedBeforeParsing() {
        int tries = ReliabilityRow.repetitions();
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        String huge = "x".repeat(AgentServer.MAX_INBOUND_BYTES + 1024);
        Set<String> answers = new LinkedHashSet<>();
        for (int i = 0; i < tries; i++) {
            var stub = AgentGrpc.newBlockingStub(RawCalls.as("oversized-" + i, channel))
                    .withDeadlineAfter(20, TimeUnit.SECONDS);
            var request = ExecuteRequest.newBuilder()
                    .setIdempotencyKey("k" + i)
                    .setHostname("node")
                    .setReason(huge)
                    .build();
            Status execute = InvalidProtobufTest.catchStatus(() -> stub.execute(request));
            Status stream =
                    InvalidProtobufTest.catchStatus(() -> stub.streamTelemetry(StreamTelemetryRequest.newBuilder()
                                    .setClientId(huge)
                                    .build())
                            .hasNext());
            for (Status refused : List.of(execute, stream)) {
                assertThat(refused.getCode()).as(refused.toString()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(refused.getDescription()).contains(String.valueOf(AgentServer.MAX_INBOUND_BYTES));
                answers.add(refused.getCode() + " \"" + refused.getDescription() + "\"");
            }
        }
        String served = abused.watcher.stillServed(5);
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(
                        "size-to-agent",
                        "Execute and StreamTelemetry requests of 1 MiB + 1 KiB (agent's limit: "
                                + "1 MiB a message, 8 KiB of headers)",
                        tries * 2,
                        String.join("; ", answers),
                        served,
                        HeapAfterGc.describe(heapBefore, heapAfter))
                .write();
    }

    @Test
    void headersOverTheAgentsLimitAreRefusedWithTheirSizeNotAnUnknownError() {
        int tries = ReliabilityRow.repetitions();
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        Set<String> answers = new LinkedHashSet<>();
        for (int i = 0; i < tries; i++) {
            var headers = new io.grpc.Metadata();
            headers.put(
                    io.grpc.Metadata.Key.of("x-padding", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "p".repeat(20_000));
            var stub = AgentGrpc.newBlockingStub(io.grpc.ClientInterceptors.intercept(
                            channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)))
                    .withDeadlineAfter(20, TimeUnit.SECONDS);
            Status refused = InvalidProtobufTest.catchStatus(
                    () -> stub.getInventory(io.headroom.protocol.v1.GetInventoryRequest.getDefaultInstance()));
            assertThat(refused.getCode()).as(refused.toString()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getDescription())
                    .matches("the request's headers are \\d+ bytes; at most 8192 are taken");
            answers.add(refused.getCode() + " \"" + refused.getDescription() + "\"");
        }
        String served = abused.watcher.stillServed(5);
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(
                        "size-headers",
                        "GetInventory with 20 KB of headers (agent's limit: 8 KiB; before, clients saw UNKNOWN"
                                + " \"HTTP status code 431\")",
                        tries,
                        String.join("; ", answers),
                        served,
                        HeapAfterGc.describe(heapBefore, heapAfter))
                .write();
    }

    @Test
    void anAgentSendingMoreThanTheConsolesLimitIsRefusedNamedAndRetried() throws Exception {
        // An "agent" whose inventory is 33 MiB: no real one comes near (10,240 GPUs are about 3 MiB).
        byte[] tooBig = new byte[ClientOptions.MAX_MESSAGE_BYTES + (1 << 20)];
        java.util.Arrays.fill(tooBig, (byte) 0x0a);
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        Server hostile = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerServiceDefinition.builder(AgentGrpc.SERVICE_NAME)
                        .addMethod(
                                RawCalls.raw(AgentGrpc.getGetInventoryMethod()),
                                ServerCalls.asyncUnaryCall((request, out) -> {
                                    calls.incrementAndGet();
                                    out.onNext(tooBig);
                                    out.onCompleted();
                                }))
                        .build())
                .build()
                .start();
        var endpoint = new AgentEndpoint("127.0.0.1", hostile.getPort());
        var board = new ConnectionBoard(List.of(endpoint.toString()));
        long heapBefore = HeapAfterGc.measure();
        int tries = ReliabilityRow.repetitions();
        try (var client = new FleetClient(
                        List.of(endpoint),
                        new FleetState(IdleThresholds.DEFAULTS),
                        board,
                        ClientOptions.defaults("size-test").withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)))
                .start()) {
            await("the console to refuse the oversized inventory " + tries + " times")
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            calls.get() >= tries && board.statuses().getFirst().health() == AgentHealth.UNREACHABLE);
            String reason = board.statuses().getFirst().lastError();
            assertThat(reason).contains(String.valueOf(ClientOptions.MAX_MESSAGE_BYTES));
            assertThat(board.statuses().getFirst().nextRetry())
                    .as("still retrying")
                    .isNotNull();
            long heapAfter = HeapAfterGc.measure();
            assertThat(heapAfter).isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
            new ReliabilityRow(
                            "size-to-console",
                            "an agent answering with a 33 MiB message (console's limit: 32 MiB)",
                            calls.get(),
                            "refused by the console, shown on its connection bar as \"" + reason
                                    + "\", retried with backoff",
                            "(the console: other agents' streams are " + "separate connections)",
                            HeapAfterGc.describe(heapBefore, heapAfter))
                    .write();
        } finally {
            hostile.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}

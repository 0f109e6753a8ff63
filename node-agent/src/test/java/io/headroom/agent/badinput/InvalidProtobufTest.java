package io.headroom.agent.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Valid gRPC frames carrying bytes that are not the protobuf message the method expects,
 * sent with grpc-java itself (a byte marshaller in place of the generated one). The agent
 * refuses each call with a status that says so, keeps the connection for the next call, and
 * keeps streaming to a well-behaved console.
 */
class InvalidProtobufTest {

    private static AgentUnderAbuse abused;
    private static ManagedChannel channel;
    /** Callers at other loopback addresses, so that the Execute rate limit (per address) does not answer first. */
    private static final ManagedChannel[] others = new ManagedChannel[253];

    private final Random random = new Random(17);

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
        for (ManagedChannel other : others) {
            if (other != null) {
                other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        abused.close();
    }

    /** Random bytes that start with a field of wire type 7, which does not exist: never a valid message. */
    private byte[] garbage() {
        byte[] bytes = new byte[200 + random.nextInt(2000)];
        random.nextBytes(bytes);
        bytes[0] = 0x0f;
        return bytes;
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void garbageAsAnExecuteRequest() throws Exception {
        int tries = ReliabilityRow.repetitions() * 10;
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        Set<String> answers = new LinkedHashSet<>();
        for (int i = 0; i < tries; i++) {
            byte[] request = garbage();
            assertThatThrownBy(() -> ExecuteRequest.parseFrom(request))
                    .isInstanceOf(InvalidProtocolBufferException.class);
            // Each from its own address, so the Execute rate limit does not answer first.
            int n = i % others.length;
            if (others[n] == null) {
                others[n] = FromAddress.loopback(2 + n, abused.port());
            }
            var from = others[n];
            var refused = catchStatus(() -> ClientCalls.blockingUnaryCall(
                    from, RawCalls.raw(AgentGrpc.getExecuteMethod()), deadline(), request));
            assertThat(refused.getCode())
                    .as("garbage Execute refused: " + refused)
                    .isIn(Status.Code.INTERNAL, Status.Code.INVALID_ARGUMENT);
            answers.add(refused.getCode() + " \"" + refused.getDescription() + "\"");
        }
        // The same connection still serves a proper call afterwards.
        assertThat(AgentGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(20, TimeUnit.SECONDS)
                        .getInventory(io.headroom.protocol.v1.GetInventoryRequest.getDefaultInstance())
                        .getNodesCount())
                .isEqualTo(8);
        finish(
                "protobuf-execute",
                "Execute request of random bytes (invalid protobuf) in valid gRPC frames",
                tries,
                String.join("; ", answers) + "; the next proper call on the same connection answered",
                heapBefore);
    }

    @Test
    void garbageAsAStreamTelemetryRequest() throws Exception {
        int tries = ReliabilityRow.repetitions() * 10;
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        Set<String> answers = new LinkedHashSet<>();
        for (int i = 0; i < tries; i++) {
            byte[] request = garbage();
            assertThatThrownBy(() -> StreamTelemetryRequest.parseFrom(request))
                    .isInstanceOf(InvalidProtocolBufferException.class);
            var refused = catchStatus(() -> ClientCalls.blockingServerStreamingCall(
                            channel, RawCalls.raw(AgentGrpc.getStreamTelemetryMethod()), deadline(), request)
                    .hasNext());
            assertThat(refused.getCode())
                    .as("garbage StreamTelemetry refused: " + refused)
                    .isIn(Status.Code.INTERNAL, Status.Code.INVALID_ARGUMENT);
            answers.add(refused.getCode() + " \"" + refused.getDescription() + "\"");
        }
        finish(
                "protobuf-stream",
                "StreamTelemetry request of random bytes (invalid protobuf) in valid gRPC frames",
                tries,
                String.join("; ", answers),
                heapBefore);
    }

    private static void finish(String id, String input, int tries, String outcome, long heapBefore) {
        String served = abused.watcher.stillServed(5);
        assertThat(abused.watcher.stayedOnline())
                .as("the well-behaved console's stream was never cut")
                .isTrue();
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(id, input, tries, outcome, served, HeapAfterGc.describe(heapBefore, heapAfter)).write();
    }

    /** The status the agent refused {@code call} with; the call's answer (a reply, a first message) is what is awaited. */
    static Status catchStatus(Callable<?> call) {
        Object answer;
        try {
            answer = call.call();
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } catch (Exception e) {
            throw new AssertionError("the call failed without a gRPC status", e);
        }
        throw new AssertionError("the agent accepted the call and answered " + answer);
    }
}

package io.headroom.agent.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.headroom.agent.server.ExecuteRateLimit;
import io.headroom.client.operations.OperationClient;
import io.headroom.core.operation.AgentUnreachableException;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One caller floods the agent with Execute calls. Past its burst it gets RESOURCE_EXHAUSTED
 * with the limit and when to try again; another caller's operations are answered all the
 * while, a well-behaved console's stream keeps flowing, and the console's operation client
 * reads RESOURCE_EXHAUSTED as "try again" (its outbox keeps the operation queued).
 */
class ExecuteFloodTest {

    private static final int FLOOD_CALLS = 400;
    private static final int FLOOD_THREADS = 8;
    private static AgentUnderAbuse abused;
    private static ManagedChannel channel;
    /** Another console: another address, since the agent counts anonymous callers by address, not by declared name. */
    private static ManagedChannel otherChannel;

    @BeforeAll
    static void start() throws IOException {
        abused = new AgentUnderAbuse();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", abused.port())
                .usePlaintext()
                .build();
        otherChannel = FromAddress.loopback(2, abused.port());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        otherChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        abused.close();
    }

    private static ExecuteRequest dryRunDrain(String key) {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey(key)
                .setHostname(
                        abused.agent.simulator().inventory().nodes().getFirst().hostname())
                .setDrain(Drain.getDefaultInstance())
                .setDryRun(true)
                .setReason("flood")
                .build();
    }

    private static boolean letThrough(AgentGrpc.AgentBlockingStub caller, String key) {
        try {
            caller.withDeadlineAfter(30, TimeUnit.SECONDS).execute(dryRunDrain(key));
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
                throw e;
            }
            return false;
        }
    }

    @Test
    void aFloodingCallerIsLimitedWhileOthersAreServed() throws Exception {
        int tries = ReliabilityRow.repetitions();
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        ExecuteRateLimit.Settings limit = ExecuteRateLimit.DEFAULTS;
        int allowedMost = 0;
        int refusedTotal = 0;
        int otherAnswered = 0;
        String refusal = "";
        for (int round = 0; round < tries; round++) {
            var flooder = AgentGrpc.newBlockingStub(channel); // no declared name: keyed on its address, 127.0.0.1
            var other = AgentGrpc.newBlockingStub(otherChannel);
            AtomicInteger ok = new AtomicInteger();
            var refused = new ConcurrentLinkedQueue<Status>();
            long started = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(FLOOD_THREADS)) {
                List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < FLOOD_CALLS; i++) {
                    String key = "flood-" + round + "-" + i;
                    calls.add(pool.submit(() -> {
                        try {
                            flooder.withDeadlineAfter(30, TimeUnit.SECONDS).execute(dryRunDrain(key));
                            ok.incrementAndGet();
                        } catch (StatusRuntimeException e) {
                            refused.add(e.getStatus());
                        }
                    }));
                }
                // Meanwhile another caller's operations are answered, every one.
                for (int i = 0; i < 5; i++) {
                    var answer = other.withDeadlineAfter(30, TimeUnit.SECONDS)
                            .execute(dryRunDrain("other-" + round + "-" + i));
                    assertThat(answer.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_PLANNED);
                    otherAnswered++;
                }
                for (var call : calls) {
                    call.get(60, TimeUnit.SECONDS);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(refused).as("refusals").isNotEmpty().allSatisfy(status -> {
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription())
                        .contains("too many operations from 127.0.0.1")
                        .contains("try again in");
            });
            // Not a timing assertion: the limiter's own arithmetic, with the time the flood actually took.
            assertThat(ok.get())
                    .as("calls let through in %.1f s", seconds)
                    .isLessThanOrEqualTo(limit.burst() + (int) Math.ceil(seconds * limit.perSecond()) + 1);
            allowedMost = Math.max(allowedMost, ok.get());
            refusedTotal += refused.size();
            refusal = refused.peek().getDescription().replaceAll("try again in \\d+ ms", "try again in N ms");
            // The next round starts once the flooder is let through again.
            String probe = "refilled-" + round + "-";
            await("the flooder's calls answered again after the round")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> letThrough(flooder, probe + System.nanoTime()));
        }

        // The console's operation client reads the refusal as "not now": its outbox keeps the operation and retries.
        var flooder = NettyChannelBuilder.forAddress("127.0.0.1", abused.port())
                .usePlaintext()
                .build();
        try {
            var stub = AgentGrpc.newBlockingStub(flooder);
            for (int i = 0; i < limit.burst() * 2; i++) {
                try {
                    stub.execute(dryRunDrain("drain-the-bucket-" + i));
                } catch (StatusRuntimeException e) {
                    // expected past the burst
                }
            }
            String host = dryRunDrain("x").getHostname();
            var operation = new PendingOperation(
                    "queued-op", host, new OperationAction.Drain(), 0, "test", "flood", Instant.now());
            assertThatThrownBy(() -> new OperationClient(Duration.ofSeconds(20)).execute(flooder, operation, false))
                    .isInstanceOf(AgentUnreachableException.class)
                    .hasMessageContaining("resource exhausted")
                    .hasMessageContaining("too many operations");
        } finally {
            flooder.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        String served = abused.watcher.stillServed(5);
        assertThat(abused.watcher.stayedOnline()).isTrue();
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(
                        "execute-flood",
                        "Execute flood: " + FLOOD_CALLS + " calls from " + FLOOD_THREADS
                                + " threads of one caller, per round (limit per caller: " + limit.burst() + " at once, "
                                + (int) limit.perSecond() + " a second)",
                        tries,
                        "at most " + allowedMost + " let through per round, " + refusedTotal
                                + " refused: RESOURCE_EXHAUSTED \""
                                + refusal + "\"; another caller's " + otherAnswered
                                + " operations all answered meanwhile; "
                                + "the console's outbox takes the refusal as \"retry later\", so nothing queued is dropped",
                        served,
                        HeapAfterGc.describe(heapBefore, heapAfter))
                .write();
    }

    @Test
    void theConsolesOwnOperationIsAnsweredWhenItIsWithinTheLimit() throws Exception {
        // The counterpart: a console that is not flooding gets its operation through.
        String host = dryRunDrain("x").getHostname();
        var operation = new PendingOperation(
                "single-op", host, new OperationAction.Drain(), 0, "test", "one drain", Instant.now());
        var outcome = new OperationClient(Duration.ofSeconds(20)).execute(otherChannel, operation, true);
        assertThat(outcome.status()).isEqualTo(OperationStatus.PLANNED);
    }
}

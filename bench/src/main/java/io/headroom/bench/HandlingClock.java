package io.headroom.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.headroom.client.ClientOptions;
import io.headroom.wire.AgentEndpoint;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Times the console's own share of each batch's delay: from the moment gRPC starts handling
 * the message on a callback thread (parsing it) to the moment it has landed in the fleet
 * state. gRPC runs a stream's messages one after another inside one task of the channel's
 * executor, so a message's handling starts when the task starts or when the previous
 * message of that task has landed, whichever is later.
 */
final class HandlingClock {

    private static final ThreadLocal<long[]> MARK = ThreadLocal.withInitial(() -> new long[] {-1});

    private final ExecutorService callbacks = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("bench-grpc-callback-", 0).daemon().factory());

    /** The client's own channel ({@link ClientOptions#plaintextChannel}) with callbacks on the timed executor. */
    ManagedChannel channel(AgentEndpoint endpoint) {
        return Grpc.newChannelBuilder(endpoint.target(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(ClientOptions.MAX_MESSAGE_BYTES)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .executor(task -> callbacks.execute(() -> {
                    long[] mark = MARK.get();
                    mark[0] = System.nanoTime();
                    try {
                        task.run();
                    } finally {
                        mark[0] = -1;
                    }
                }))
                .build();
    }

    /**
     * Nanoseconds since this thread's message handling began, then starts the next one's;
     * -1 outside a timed callback.
     */
    static long lap() {
        long[] mark = MARK.get();
        if (mark[0] < 0) {
            return -1;
        }
        long now = System.nanoTime();
        long lap = now - mark[0];
        mark[0] = now;
        return lap;
    }

    void close() {
        callbacks.shutdownNow();
    }
}

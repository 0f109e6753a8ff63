package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must not make the agent queue telemetry for it: the agent
 * sends only while the transport is ready, keeps nothing but its fixed replay ring, and when
 * the client reads again it gets the latest values (a snapshot) told how much they replace,
 * then the live stream right after the snapshot.
 *
 * <p>The test drives the agent's clock itself ({@link TelemetryPublisher#tick}): one batch per
 * tick, so "the ring has moved on past the client" is a count, not a wait.
 */
class SlowClientTest {

    private static final int INTERVAL_MS = 100;
    /** Small, so the agent's sender blocks after a few batches, not after a megabyte. */
    private static final int CLIENT_WINDOW_BYTES = 64 * 1024;

    private static final Duration LIMIT = Duration.ofSeconds(15);

    private SimulatorAgent agent;
    private ManagedChannel channel;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aStalledReaderIsNotBufferedForAndGetsTheLatestValuesToldWhatTheyReplace() throws Exception {
        // replay-seconds 1 at 100 ms: the ring holds 16 batches, one batch per tick for 64 GPUs.
        agent = SimulatorAgent.create(FleetShape.forGpus(64), 11, INTERVAL_MS, "", 1, InstantSource.system());
        agent.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // no ticker: the test ticks
        TelemetryHub hub = agent.publisher().hub();
        int capacity = hub.capacity();
        assertThat(capacity).isEqualTo(16);
        long time = System.currentTimeMillis() / INTERVAL_MS * INTERVAL_MS;

        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.port())
                .usePlaintext()
                .flowControlWindow(CLIENT_WINDOW_BYTES)
                .build();
        List<TelemetryBatch> received = new CopyOnWriteArrayList<>();
        AtomicReference<ClientCallStreamObserver<StreamTelemetryRequest>> call = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AgentGrpc.newStub(channel)
                .streamTelemetry(
                        StreamTelemetryRequest.newBuilder()
                                .setClientId("slow-reader")
                                .build(),
                        new ClientResponseObserver<StreamTelemetryRequest, TelemetryBatch>() {
                            @Override
                            public void beforeStart(ClientCallStreamObserver<StreamTelemetryRequest> requestStream) {
                                requestStream.disableAutoRequestWithInitial(1);
                                call.set(requestStream);
                            }

                            @Override
                            public void onNext(TelemetryBatch batch) {
                                received.add(batch); // and asks for nothing more: the test decides when to read
                            }

                            @Override
                            public void onError(Throwable t) {
                                failure.set(t);
                            }

                            @Override
                            public void onCompleted() {
                                failure.set(new IllegalStateException("the agent ended the stream"));
                            }
                        });
        await("the first message of the stream")
                .atMost(LIMIT)
                .until(() -> received.size() == 1 || failure.get() != null);
        assertThat(failure.get()).isNull();
        assertThat(received.getFirst().getSnapshot())
                .as("a new client starts with a snapshot")
                .isTrue();
        assertThat(received.getFirst().getMissedBatches())
                .as("a new client has missed nothing")
                .isZero();
        await("the stream registered with the hub").atMost(LIMIT).until(() -> hub.streamCount() == 1);

        // The client reads nothing while the agent publishes many times what the ring and the
        // transport's buffers together can hold.
        int stalledTicks = 10 * capacity;
        long headBefore = hub.head();
        for (int i = 0; i < stalledTicks; i++) {
            time += INTERVAL_MS;
            agent.publisher().tick(time);
        }
        assertThat(hub.head()).as("one batch per tick").isEqualTo(headBefore + stalledTicks);
        long newest = hub.head() - 1;
        assertThat(received).as("delivered while the client asked for nothing").hasSize(1);

        // Read again, as fast as the agent sends; then three more batches.
        call.get().request(Integer.MAX_VALUE);
        await("everything up to the newest batch, or what replaces it")
                .atMost(LIMIT)
                .until(() -> received.getLast().getSequence() >= newest || failure.get() != null);
        for (int i = 0; i < 3; i++) {
            time += INTERVAL_MS;
            agent.publisher().tick(time);
        }
        await("the three batches published after the client read again")
                .atMost(LIMIT)
                .until(() -> received.getLast().getSequence() == newest + 3 || failure.get() != null);
        assertThat(failure.get()).isNull();

        // Every sequence is accounted for: sent, or named as missed by the snapshot that replaces it.
        long expected = received.getFirst().getSequence() + 1;
        long regularSentWhileStalled = 0;
        TelemetryBatch lagSnapshot = null;
        int lastSnapshotAt = 0;
        for (int i = 1; i < received.size(); i++) {
            TelemetryBatch batch = received.get(i);
            TelemetryBatch previous = received.get(i - 1);
            assertThat(batch.getEpoch()).isEqualTo(hub.epoch());
            if (!batch.getSnapshot()) {
                assertThat(batch.getSequence())
                        .as("regular batch %d of %d", i, received.size())
                        .isEqualTo(expected);
                expected++;
                if (batch.getSequence() <= newest) {
                    regularSentWhileStalled++;
                }
            } else if (previous.getSnapshot() && previous.getSequence() == batch.getSequence()) {
                assertThat(batch.getMissedBatches())
                        .as("the miss is told once, on the first batch of a snapshot")
                        .isZero();
                lastSnapshotAt = i;
            } else {
                assertThat(batch.getMissedBatches())
                        .as("missed batches told by snapshot batch %d", i)
                        .isEqualTo(batch.getSequence() - (expected - 1))
                        .isPositive();
                assertThat(batch.getCoalescedSamples())
                        .as("samples the snapshot replaces")
                        .isPositive();
                assertThat(batch.getNodesCount() + batch.getRacksCount())
                        .as("values in the snapshot")
                        .isPositive();
                lagSnapshot = batch;
                lastSnapshotAt = i;
                expected = batch.getSequence() + 1;
            }
        }
        assertThat(lagSnapshot)
                .as("a snapshot of the latest values after the client fell out of the ring")
                .isNotNull();
        assertThat(regularSentWhileStalled)
                .as(
                        "batches the agent sent of the %d published while the client read nothing: bounded by flow "
                                + "control and the ring, not all of them",
                        stalledTicks)
                .isLessThan(stalledTicks - capacity);
        long snapshotSequence = received.get(lastSnapshotAt).getSequence();
        assertThat(snapshotSequence)
                .as("the last snapshot is of the stalled period")
                .isGreaterThan(capacity);
        assertThat(received.subList(lastSnapshotAt + 1, received.size()))
                .extracting(TelemetryBatch::getSequence)
                .as("the live stream continues from the snapshot's sequence + 1")
                .containsExactlyElementsOf(LongStream.rangeClosed(snapshotSequence + 1, newest + 3)
                        .boxed()
                        .toList());

        // What the agent holds for this client: its fixed ring, and one stream.
        assertThat(hub.capacity()).isEqualTo(capacity);
        assertThat(hub.streamCount()).isEqualTo(1);
    }
}

package io.headroom.agent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.headroom.agent.operations.NoOperations;
import io.headroom.agent.server.AgentService;
import io.headroom.agent.server.TwoNodes;
import io.headroom.client.ClientOptions;
import io.headroom.client.FleetClient;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.StreamTelemetryRequest;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.BatchBytesMethod;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.InventoryCodec;
import io.headroom.wire.RelayHops;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay passes the samples on as the bytes it received. The upstream here writes a node sample
 * with a field from a newer protocol ahead of the known ones: protobuf, re-encoding the message,
 * would move that field behind the others, so finding the node's bytes unchanged downstream shows
 * the relay forwarded them without re-encoding; the relay's own fleet state has the values too.
 */
class RelayForwardsBytesTest {

    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
        ticks.shutdownNow();
        streams.shutdownNow();
    }

    @Test
    void theUpstreamsNodeBytesReachTheRelaysClientsUnchanged() throws Exception {
        var upstreamInventory = InventoryCodec.toProto(new TwoNodes("up", "up-", 100).inventory());
        byte[] node = nodeWithANewerFieldFirst();
        assertThat(NodeSample.parseFrom(node).toByteArray())
                .as("protobuf itself would re-encode the node differently")
                .isNotEqualTo(node);
        serve("up", upstream(upstreamInventory, node));

        var fleet = new FleetState(IdleThresholds.DEFAULTS);
        var relay = new Relay("relay", fleet, 64);
        var endpoints = List.of(new AgentEndpoint("up", 1));
        var options = relay.upstreamOptions(ClientOptions.defaults("relay")
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .withChannels(e -> InProcessChannelBuilder.forName(e.host()).build()));
        running.add(new FleetClient(endpoints, fleet, new ConnectionBoard(List.of("up:1")), options).start());
        serve(
                "relay",
                new AgentService(relay, new NoOperations("relay"), streams, InstantSource.system()).bindService());

        ManagedChannel channel = InProcessChannelBuilder.forName("relay").build();
        running.add(channel::shutdownNow);
        Iterator<byte[]> batches = ClientCalls.blockingServerStreamingCall(
                channel,
                BatchBytesMethod.STREAM_TELEMETRY,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                StreamTelemetryRequest.newBuilder().setClientId("t").build());
        byte[] forwarded;
        do {
            forwarded = batches.next();
        } while (BatchHeader.read(forwarded).snapshot());
        long readMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());

        assertThat(indexOf(forwarded, node))
                .as("the node's bytes, as the upstream wrote them")
                .isNotNegative();
        BatchHeader header = BatchHeader.read(forwarded);
        assertThat(header.epoch()).isEqualTo(relay.hub().epoch());
        assertThat(header.inventoryVersion())
                .isEqualTo(fleet.layout().inventory().version());
        RelayHops hops = header.relayHops();
        assertThat(hops.count()).as("this relay's hop, the upstream sent none").isEqualTo(1);
        assertThat(hops.receivedMicros(0))
                .as("received after the upstream cut it, forwarded after received, read after forwarded")
                .isGreaterThanOrEqualTo(header.serverTimeMs() * 1000)
                .isLessThanOrEqualTo(hops.forwardedMicros(0));
        assertThat(hops.forwardedMicros(0)).isLessThanOrEqualTo(readMicros);
        TelemetryBatch parsed = TelemetryBatch.parseFrom(forwarded);
        assertThat(parsed.getNodesCount()).as("the node once, no field twice").isEqualTo(1);
        await("the relay's own fleet state").atMost(Duration.ofSeconds(10)).until(() -> {
            var latest = relay.latest();
            int n = latest.layout().nodeIndex("up-n0");
            return n >= 0 && latest.utilizationPct(latest.layout().gpuSlot(n, 0)) == 61f;
        });
    }

    /** A node sample whose first field (99) no version of the protocol defines yet. */
    private static byte[] nodeWithANewerFieldFirst() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(99, 12345);
        NodeSample.newBuilder()
                .setHostname("up-n0")
                .setTimeMs(System.currentTimeMillis())
                .addAccelerators(AcceleratorSample.newBuilder().setGpuIndex(0).setUtilizationPct(61))
                .build()
                .writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** An agent that serves an inventory and, every 20 ms, a batch made of the given node bytes. */
    private ServerServiceDefinition upstream(io.headroom.protocol.v1.Inventory inventory, byte[] node) {
        return ServerServiceDefinition.builder(AgentGrpc.SERVICE_NAME)
                .addMethod(AgentGrpc.getGetInventoryMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(inventory);
                    response.onCompleted();
                }))
                .addMethod(
                        BatchBytesMethod.STREAM_TELEMETRY, ServerCalls.asyncServerStreamingCall((request, response) -> {
                            var observer = (ServerCallStreamObserver<byte[]>) response;
                            long[] sequence = {0};
                            var sending = ticks.scheduleAtFixedRate(
                                    () -> {
                                        if (!observer.isCancelled()) {
                                            observer.onNext(
                                                    batch(++sequence[0], inventory.getInventoryVersion(), node));
                                        }
                                    },
                                    0,
                                    20,
                                    TimeUnit.MILLISECONDS);
                            observer.setOnCancelHandler(() -> sending.cancel(false));
                        }))
                .build();
    }

    private static byte[] batch(long sequence, long inventoryVersion, byte[] node) {
        try {
            var bytes = new ByteArrayOutputStream();
            var out = CodedOutputStream.newInstance(bytes);
            out.writeString(1, "upstream-epoch");
            out.writeUInt64(2, sequence);
            out.writeInt64(3, System.currentTimeMillis());
            out.writeUInt64(4, inventoryVersion);
            out.writeByteArray(5, node);
            out.flush();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void serve(String name, ServerServiceDefinition service) throws Exception {
        Server server =
                InProcessServerBuilder.forName(name).addService(service).build().start();
        running.add(server::shutdownNow);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

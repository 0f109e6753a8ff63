package io.headroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.TelemetryDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PendingWritesTest {

    private final FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);

    PendingWritesTest() {
        fleet.install(new Inventory(
                "t",
                1,
                List.of(),
                List.of(),
                List.of(new Rack("r1", "h1", "A", 1, 42, 40)),
                List.of(node("n1"), node("n2"))));
    }

    @Test
    void heldBatchesAreWrittenWhenReadAndTheNewestValueOfEveryNodeLands() {
        var writes = StateWrites.deferred(Duration.ofHours(1));
        PendingWrites stream = writes.forConnection("agent test", new TelemetryDecoder(), fleet);

        stream.take(batch(sample("n1", 10), sample("n2", 20)));
        stream.take(batch(sample("n2", 21)));
        stream.take(batch(sample("n1", 11), sample("n2", 22))); // replaces the first, held after the second
        stream.take(batch(sample("n2", 23))); // replaces the second

        assertThat(utilization("n1")).as("nothing written before a read").isNaN();
        assertThat(writes.replacedBatches()).isEqualTo(2);

        writes.catchUp();

        assertThat(utilization("n1")).isEqualTo(11f);
        assertThat(utilization("n2"))
                .as("the newest of four batches that had it")
                .isEqualTo(23f);
    }

    @Test
    void batchesForOtherNodesOrInAnotherOrderAreNotReplaced() {
        var writes = StateWrites.deferred(Duration.ofHours(1));
        PendingWrites stream = writes.forConnection("agent test", new TelemetryDecoder(), fleet);

        stream.take(batch(sample("n1", 10), sample("n2", 20)));
        stream.take(batch(sample("n2", 21), sample("n1", 12)));
        stream.take(batch(sample("n1", 13)));
        writes.catchUp();

        assertThat(writes.replacedBatches()).isZero();
        assertThat(utilization("n1")).isEqualTo(13f);
        assertThat(utilization("n2")).isEqualTo(21f);
    }

    @Test
    void aBatchHeldLongerThanTheDelayIsWrittenWithTheNext() {
        var nanos = new AtomicLong();
        var writes = StateWrites.deferred(Duration.ofSeconds(5), nanos::get);
        PendingWrites stream = writes.forConnection("agent test", new TelemetryDecoder(), fleet);

        stream.take(batch(sample("n1", 10)));
        nanos.set(Duration.ofMillis(4_999).toNanos());
        stream.take(batch(sample("n2", 20)));
        assertThat(utilization("n1")).as("held for less than the delay").isNaN();

        nanos.set(Duration.ofSeconds(5).toNanos()); // the first has waited the delay: the next writes all three
        stream.take(batch(sample("n1", 11)));

        assertThat(utilization("n1")).isEqualTo(11f);
        assertThat(utilization("n2")).isEqualTo(20f);
    }

    @Test
    void onArrivalEveryBatchIsWrittenAsItComes() {
        var writes = StateWrites.onArrival();
        PendingWrites stream = writes.forConnection("agent test", new TelemetryDecoder(), fleet);

        stream.take(batch(sample("n1", 10)));

        assertThat(utilization("n1")).isEqualTo(10f);
    }

    @Test
    void aClosedConnectionWritesWhatItHeld() {
        var writes = StateWrites.deferred(Duration.ofHours(1));
        PendingWrites stream = writes.forConnection("agent test", new TelemetryDecoder(), fleet);
        stream.take(batch(sample("n1", 10)));

        stream.close();

        assertThat(utilization("n1")).isEqualTo(10f);
    }

    @Test
    void aDelayMustBePositive() {
        assertThatThrownBy(() -> StateWrites.deferred(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    private float utilization(String host) {
        FleetTelemetry current = fleet.current();
        return current.utilizationPct(current.layout().gpuSlot(current.layout().nodeIndex(host), 0));
    }

    private static Node node(String host) {
        var gpu = new Accelerator("GPU-" + host, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
        return new Node(host, "S1", "r1", 1, 4, "train", "acme", SchedulerState.IDLE, 3, 1000, List.of(gpu));
    }

    private static NodeSample sample(String host, float utilization) {
        return NodeSample.newBuilder()
                .setHostname(host)
                .setTimeMs(1000)
                .addAccelerators(AcceleratorSample.newBuilder().setGpuIndex(0).setUtilizationPct(utilization))
                .build();
    }

    private static ReceivedBatch batch(NodeSample... nodes) {
        byte[] bytes =
                TelemetryBatch.newBuilder().addAllNodes(List.of(nodes)).build().toByteArray();
        return new ReceivedBatch(bytes, BatchHeader.read(bytes), 0);
    }
}

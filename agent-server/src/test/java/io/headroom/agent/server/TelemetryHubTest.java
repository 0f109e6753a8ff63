package io.headroom.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.TelemetryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryHubTest {

    private final FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);

    private static TelemetryBatch.Builder batchOfAbout(int bytes) {
        var node = NodeSample.newBuilder().setHostname("n").setTimeMs(1);
        for (int i = 0; i < bytes / 40; i++) {
            node.addAccelerators(AcceleratorSample.newBuilder()
                    .setGpuIndex(i)
                    .setUtilizationPct(50)
                    .setPowerW(300)
                    .setGpuTempC(60)
                    .setMemoryUsedMib(1000)
                    .setSmClockMhz(1980));
        }
        return TelemetryBatch.newBuilder().addNodes(node);
    }

    @Test
    void holdsAtMostItsByteBudgetAndReplaysOnlyWhatItHolds() {
        var hub = new TelemetryHub(1000, 100_000, fleet::current);
        for (int i = 0; i < 50; i++) {
            hub.publish(List.of(batchOfAbout(10_000)));
        }
        assertThat(hub.bytesHeld()).isPositive().isLessThanOrEqualTo(100_000);
        assertThat(hub.get(50)).isNotNull();
        assertThat(hub.get(1)).as("dropped for the byte budget, not the count").isNull();
        assertThat(hub.startFor(hub.epoch(), 45)).isEqualTo(46);
        assertThat(hub.startFor(hub.epoch(), 1)).as("gone: a snapshot instead").isEqualTo(-1);
        assertThat(hub.startFor("another-epoch", 45)).isEqualTo(-1);
    }

    @Test
    void theCountBoundStillHoldsForSmallBatches() {
        var hub = new TelemetryHub(8, TelemetryHub.DEFAULT_MAX_BYTES, fleet::current);
        for (int i = 0; i < 20; i++) {
            hub.publish(List.of(batchOfAbout(100)));
        }
        assertThat(hub.get(12)).isNull();
        assertThat(hub.get(13)).isNotNull();
        assertThat(hub.head()).isEqualTo(21);
    }

    @Test
    void aSnapshotAfterFallingBehindSaysHowMuchItReplaces() {
        var hub = new TelemetryHub(4, TelemetryHub.DEFAULT_MAX_BYTES, fleet::current);
        for (int i = 0; i < 10; i++) {
            hub.publish(List.of(batchOfAbout(400))); // 10 samples each
        }
        SnapshotCursor snapshot = hub.snapshot(3);
        assertThat(snapshot.sequence()).isEqualTo(10);
        TelemetryBatch first = snapshot.next(hub.epoch(), 0);
        assertThat(first.getSnapshot()).isTrue();
        assertThat(first.getMissedBatches()).isEqualTo(7);
        assertThat(first.getCoalescedSamples()).isEqualTo(70);
    }

    @Test
    void aForwardedBatchIsHeldAsItsBytesNumberedInThisEpochAndCountedForSnapshots() {
        var hub = new TelemetryHub(4, TelemetryHub.DEFAULT_MAX_BYTES, fleet::current);
        hub.publish(List.of(batchOfAbout(400)));
        TelemetryBatch upstream = batchOfAbout(400)
                .setEpoch("upstream")
                .setSequence(9_000)
                .setServerTimeMs(77)
                .build();
        byte[] body = io.headroom.wire.ForwardedBatch.body(upstream.toByteArray(), 3, 12, null, 1, 2);

        hub.publishForwarded(body, io.headroom.wire.BatchCoverage.of(body).accelerators(), 12);

        byte[] held = hub.bytes(2);
        TelemetryBatch forwarded = hub.get(2);
        assertThat(forwarded.getEpoch()).isEqualTo(hub.epoch());
        assertThat(forwarded.getSequence()).isEqualTo(2);
        assertThat(forwarded.getNodesList()).isEqualTo(upstream.getNodesList());
        assertThat(forwarded.getServerTimeMs()).isEqualTo(77);
        assertThat(forwarded.getInventoryVersion()).isEqualTo(3);
        assertThat(held.length).as("each field once").isEqualTo(forwarded.getSerializedSize());
        assertThat(hub.bytesHeld()).isEqualTo(hub.bytes(1).length + held.length);
        for (int i = 0; i < 4; i++) {
            hub.publish(List.of(batchOfAbout(400)));
        }
        TelemetryBatch snapshot = hub.snapshot(1).next(hub.epoch(), 0);
        assertThat(snapshot.getMissedBatches()).isEqualTo(5);
        assertThat(snapshot.getCoalescedSamples())
                .as("the forwarded batch's samples counted too")
                .isEqualTo(50);
        assertThat(snapshot.getWorkloadVersion()).as("the newest batch's").isZero();
    }
}

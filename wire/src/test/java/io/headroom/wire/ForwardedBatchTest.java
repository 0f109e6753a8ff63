package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UnknownFieldSet;
import io.headroom.protocol.v1.RelayHop;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadChanges;
import org.junit.jupiter.api.Test;

class ForwardedBatchTest {

    @Test
    void theSamplesTravelAsTheyCameAndTheRelaysOwnFieldsReplaceTheUpstreams() throws Exception {
        TelemetryBatch upstream = TelemetryBatch.newBuilder()
                .mergeFrom(BatchBytesFuzzTest.validBatch())
                .setSnapshot(true)
                .setMissedBatches(4)
                .setCoalescedSamples(40)
                // A field from a newer sender: passed on, not dropped.
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(
                                99,
                                UnknownFieldSet.Field.newBuilder()
                                        .addVarint(12345)
                                        .build())
                        .build())
                .build();
        var relays = WorkloadChanges.newBuilder()
                .setFromVersion(40)
                .addUpserted(Workload.newBuilder().setId("relay:job"))
                .build();

        byte[] body = ForwardedBatch.body(upstream.toByteArray(), 17, 41, relays, 1_000_123, 1_000_456);
        TelemetryBatch forwarded = TelemetryBatch.parseFrom(body);

        assertThat(forwarded.getNodesList()).isEqualTo(upstream.getNodesList());
        assertThat(forwarded.getRacksList()).isEqualTo(upstream.getRacksList());
        assertThat(forwarded.getServerTimeMs()).isEqualTo(1000);
        assertThat(forwarded.getUnknownFields().hasField(99)).isTrue();
        assertThat(forwarded.getEpoch()).as("the hub adds the relay's").isEmpty();
        assertThat(forwarded.getSequence()).isZero();
        assertThat(forwarded.getInventoryVersion()).isEqualTo(17);
        assertThat(forwarded.getWorkloadVersion()).isEqualTo(41);
        assertThat(forwarded.getWorkloadChanges())
                .as("the relay's changes only: the upstream's are not merged in")
                .isEqualTo(relays);
        assertThat(forwarded.getSnapshot()).isFalse();
        assertThat(forwarded.getMissedBatches()).isZero();
        assertThat(forwarded.getCoalescedSamples()).isZero();
        assertThat(forwarded.getRelayHopsList())
                .as("this relay's hop")
                .containsExactly(RelayHop.newBuilder()
                        .setReceivedUs(1_000_123)
                        .setForwardedUs(1_000_456)
                        .build());
        assertThat(body.length).as("every field once").isEqualTo(forwarded.getSerializedSize());

        TelemetryBatch quiet = TelemetryBatch.parseFrom(ForwardedBatch.body(upstream.toByteArray(), 17, 0, null, 1, 2));
        assertThat(quiet.hasWorkloadChanges()).isFalse();
        assertThat(quiet.getWorkloadVersion()).isZero();
    }

    @Test
    void eachRelayOfAChainAddsItsHopAfterTheOnesBefore() {
        byte[] fromAgent = BatchBytesFuzzTest.validBatch();
        assertThat(BatchHeader.read(fromAgent).relayHops()).isEqualTo(RelayHops.NONE);

        byte[] first = ForwardedBatch.body(fromAgent, 1, 0, null, 5_000_000, 5_000_300);
        byte[] second = ForwardedBatch.body(first, 1, 0, null, 5_002_000, 5_002_250);
        byte[] third = ForwardedBatch.body(second, 1, 0, null, 5_004_000, 0);

        RelayHops hops = BatchHeader.read(third).relayHops();
        assertThat(hops.count()).isEqualTo(3);
        assertThat(hops.receivedMicros(0)).isEqualTo(5_000_000);
        assertThat(hops.forwardedMicros(0)).isEqualTo(5_000_300);
        assertThat(hops.receivedMicros(1)).isEqualTo(5_002_000);
        assertThat(hops.forwardedMicros(1)).isEqualTo(5_002_250);
        assertThat(hops.receivedMicros(2)).isEqualTo(5_004_000);
        assertThat(hops.forwardedMicros(2))
                .as("a zero is left out on the wire, read back as zero")
                .isZero();
        assertThat(hops)
                .isEqualTo(RelayHops.NONE
                        .with(5_000_000, 5_000_300)
                        .with(5_002_000, 5_002_250)
                        .with(5_004_000, 0));
        assertThatThrownBy(() -> hops.receivedMicros(3)).isInstanceOf(IndexOutOfBoundsException.class);

        // What protobuf itself reads: the same hops, in the same order, and the samples untouched.
        TelemetryBatch parsed = parse(third);
        assertThat(parsed.getRelayHopsList())
                .extracting(RelayHop::getReceivedUs)
                .containsExactly(5_000_000L, 5_002_000L, 5_004_000L);
        assertThat(parsed.getNodesList()).isEqualTo(parse(fromAgent).getNodesList());
        assertThat(third.length).as("every field once").isEqualTo(parsed.getSerializedSize());
    }

    private static TelemetryBatch parse(byte[] bytes) {
        try {
            return TelemetryBatch.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHeaderIsReadWithoutTheSamples() {
        BatchHeader header = BatchHeader.read(BatchBytesFuzzTest.validBatch());
        assertThat(header.epoch()).isEqualTo("e-1");
        assertThat(header.sequence()).isEqualTo(300);
        assertThat(header.serverTimeMs()).isEqualTo(1000);
        assertThat(header.inventoryVersion()).isEqualTo(1);
        assertThat(header.workloadVersion()).isEqualTo(7);
        assertThat(header.workloadChanges().getFromVersion()).isEqualTo(6);
        assertThat(header.workloadChanges().getEndedList()).containsExactly("slurm:c:0");
        assertThat(header.snapshot()).isFalse();
        assertThat(BatchCoverage.of(BatchBytesFuzzTest.validBatch()).accelerators())
                .isEqualTo(3);
    }
}

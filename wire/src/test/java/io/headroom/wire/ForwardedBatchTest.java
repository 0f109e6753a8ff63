package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
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

        byte[] body = ForwardedBatch.body(upstream.toByteArray(), 17, 41, relays);
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
        assertThat(body.length).as("every field once").isEqualTo(forwarded.getSerializedSize());

        TelemetryBatch quiet = TelemetryBatch.parseFrom(ForwardedBatch.body(upstream.toByteArray(), 17, 0, null));
        assertThat(quiet.hasWorkloadChanges()).isFalse();
        assertThat(quiet.getWorkloadVersion()).isZero();
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
        assertThat(BatchNodes.acceleratorSamples(BatchBytesFuzzTest.validBatch()))
                .isEqualTo(3);
    }
}

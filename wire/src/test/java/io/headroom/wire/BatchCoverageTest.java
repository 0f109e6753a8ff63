package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.protocol.v1.AcceleratorSample;
import io.headroom.protocol.v1.NodeSample;
import io.headroom.protocol.v1.RackSample;
import io.headroom.protocol.v1.TelemetryBatch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchCoverageTest {

    @Test
    void theSameNodesAndRacksGiveTheSameKeyWhateverTheirValues() {
        var first = BatchCoverage.of(
                batch(1, 10f, "n1", "n2").addRacks(rack("r1")).build().toByteArray());
        var later = BatchCoverage.of(batch(2, 55f, "n1", "n2")
                .addRacks(rack("r1"))
                .setSequence(9)
                .build()
                .toByteArray());

        assertThat(later.key()).isEqualTo(first.key());
        assertThat(first.accelerators()).isEqualTo(4);
    }

    @Test
    void otherNodesAnotherOrderOrAnotherRackGiveAnotherKey() {
        long key = BatchCoverage.of(batch(1, 10f, "n1", "n2").build().toByteArray())
                .key();

        assertThat(BatchCoverage.of(batch(1, 10f, "n2", "n1").build().toByteArray())
                        .key())
                .isNotEqualTo(key);
        assertThat(BatchCoverage.of(batch(1, 10f, "n1").build().toByteArray()).key())
                .isNotEqualTo(key);
        assertThat(BatchCoverage.of(batch(1, 10f, "n1", "n2", "n3").build().toByteArray())
                        .key())
                .isNotEqualTo(key);
        assertThat(BatchCoverage.of(batch(1, 10f, "n1", "n2")
                                .addRacks(rack("r1"))
                                .build()
                                .toByteArray())
                        .key())
                .isNotEqualTo(key);
        assertThat(BatchCoverage.of(
                                batch(1, 10f, "n1").addRacks(rack("n2")).build().toByteArray())
                        .key())
                .as("a rack named like a node is not that node")
                .isNotEqualTo(key);
    }

    @Test
    void brokenBytesAreRefusedWithTheirSize() {
        byte[] whole = batch(1, 10f, "n1", "n2").build().toByteArray();
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> BatchCoverage.of(cut))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining(Integer.toString(cut.length));
    }

    private static TelemetryBatch.Builder batch(long time, float utilization, String... hosts) {
        var batch = TelemetryBatch.newBuilder().setServerTimeMs(time);
        for (String host : hosts) {
            batch.addNodes(NodeSample.newBuilder()
                    .setHostname(host)
                    .setTimeMs(time)
                    .addAccelerators(
                            AcceleratorSample.newBuilder().setGpuIndex(0).setUtilizationPct(utilization))
                    .addAccelerators(AcceleratorSample.newBuilder().setGpuIndex(1)));
        }
        return batch;
    }

    private static RackSample rack(String id) {
        return RackSample.newBuilder().setRackId(id).setTimeMs(1).build();
    }
}

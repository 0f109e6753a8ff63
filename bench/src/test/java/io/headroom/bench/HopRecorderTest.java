package io.headroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.headroom.client.ReceivedBatch;
import io.headroom.protocol.v1.TelemetryBatch;
import io.headroom.wire.BatchHeader;
import io.headroom.wire.ForwardedBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopRecorderTest {

    @Test
    void eachLegIsTheTimeBetweenItsTwoStamps() {
        byte[] fromAgent =
                TelemetryBatch.newBuilder().setServerTimeMs(1_000).build().toByteArray();
        // cut at 1,000,000 µs; relay 1 in at +1,500, out at +1,700; relay 2 in at +4,700, out at +4,800
        byte[] once = ForwardedBatch.body(fromAgent, 1, 0, null, 1_001_500, 1_001_700);
        byte[] twice = ForwardedBatch.body(once, 1, 0, null, 1_004_700, 1_004_800);
        var recorder = new HopRecorder();

        recorder.record(new ReceivedBatch(twice, BatchHeader.read(twice), 1_010_800), 1_011_300);

        List<HopRecorder.Leg> legs = recorder.takeInterval();
        assertThat(legs)
                .extracting(HopRecorder.Leg::name)
                .containsExactly(
                        "agent cut -> relay 1 in",
                        "relay 1 in -> out",
                        "relay 1 out -> relay 2 in",
                        "relay 2 in -> out",
                        "relay 2 out -> console received",
                        "console received -> fleet state written");
        assertThat(legs)
                .extracting(leg -> (double) leg.micros().getMaxValue())
                .satisfiesExactly(
                        v -> assertThat(v).isCloseTo(1_500, withinPercentage(0.2)),
                        v -> assertThat(v).isCloseTo(200, withinPercentage(0.2)),
                        v -> assertThat(v).isCloseTo(3_000, withinPercentage(0.2)),
                        v -> assertThat(v).isCloseTo(100, withinPercentage(0.2)),
                        v -> assertThat(v).isCloseTo(6_000, withinPercentage(0.2)),
                        v -> assertThat(v).isCloseTo(500, withinPercentage(0.2)));
    }

    @Test
    void aBatchStraightFromAnAgentHasOneLegToTheConsole() {
        byte[] fromAgent =
                TelemetryBatch.newBuilder().setServerTimeMs(2_000).build().toByteArray();
        var recorder = new HopRecorder();

        recorder.record(new ReceivedBatch(fromAgent, BatchHeader.read(fromAgent), 2_000_900), 2_001_000);

        List<HopRecorder.Leg> legs = recorder.takeInterval();
        assertThat(legs)
                .extracting(HopRecorder.Leg::name)
                .containsExactly("agent cut -> console received", "console received -> fleet state written");
        assertThat(legs.getFirst().micros().getMaxValue()).isEqualTo(900);
    }
}

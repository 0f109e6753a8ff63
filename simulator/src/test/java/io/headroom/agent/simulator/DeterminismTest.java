package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetState;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static final long START = 1_741_708_800_000L;
    private static final int INTERVAL_MS = 1000;
    private static final FleetShape SHAPE = FleetShape.forGpus(2_048);

    @Test
    void sameArgumentsGiveTheSameInventoryAndSamples() {
        var a = new FleetSimulator(SHAPE, 7, START, INTERVAL_MS, "");
        var b = new FleetSimulator(SHAPE, 7, START, INTERVAL_MS, "");

        assertThat(a.inventory()).isEqualTo(b.inventory());
        long at = START + 5 * 60_000;
        assertThat(samplesEveryInterval(a, at))
                .isEqualTo(samplesEveryInterval(b, at))
                .isNotEmpty();
    }

    @Test
    void aDifferentSeedGivesADifferentFleet() {
        var a = new FleetSimulator(SHAPE, 7, START, INTERVAL_MS, "");
        var b = new FleetSimulator(SHAPE, 8, START, INTERVAL_MS, "");

        assertThat(a.inventory().nodes().getFirst().accelerators().getFirst().uuid())
                .isNotEqualTo(b.inventory()
                        .nodes()
                        .getFirst()
                        .accelerators()
                        .getFirst()
                        .uuid());
        long at = START + 60_000;
        assertThat(samplesEveryInterval(a, at)).isNotEqualTo(samplesEveryInterval(b, at));
    }

    @Test
    void samplesAtATimeDoNotDependOnHowTheTicksGotThere() {
        var everyInterval = new FleetSimulator(SHAPE, 11, START, INTERVAL_MS, "");
        var skipping = new FleetSimulator(SHAPE, 11, START, INTERVAL_MS, "");
        long at = START + 47 * 60_000 + 13_000;

        List<String> stepped = samplesEveryInterval(everyInterval, at);
        FleetState state = Telemetry.stateFor(skipping);
        skipping.tick(START, state.current());
        skipping.tick(START + 20 * 60_000, state.current());
        skipping.tick(at, state.current());

        assertThat(Telemetry.written(state.current(), at)).isEqualTo(stepped);
    }

    @Test
    void samplesChangeFromTickToTick() {
        var simulator = new FleetSimulator(SHAPE, 7, START, INTERVAL_MS, "");
        FleetState state = Telemetry.stateFor(simulator);

        simulator.tick(START + 1000, state.current());
        List<String> first = Telemetry.written(state.current(), START + 1000);
        simulator.tick(START + 2000, state.current());
        List<String> second = Telemetry.written(state.current(), START + 2000);

        assertThat(first).hasSameSizeAs(second).isNotEqualTo(second);
    }

    private static List<String> samplesEveryInterval(FleetSimulator simulator, long until) {
        FleetState state = Telemetry.stateFor(simulator);
        for (long t = START; t <= until; t += INTERVAL_MS) {
            simulator.tick(t, state.current());
        }
        return Telemetry.written(state.current(), until);
    }
}

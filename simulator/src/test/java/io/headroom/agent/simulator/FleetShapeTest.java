package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FleetShapeTest {

    @Test
    void defaultIsFourHallsOf160RacksWith10240Gpus() {
        FleetShape shape = FleetShape.DEFAULT;

        assertThat(shape.halls()).isEqualTo(4);
        assertThat(shape.racks()).isEqualTo(160);
        assertThat(shape.nodes()).isEqualTo(1_280);
        assertThat(shape.gpus()).isEqualTo(10_240);
        assertThat(shape.rowsPerHall()).isEqualTo(4);
    }

    @Test
    void forGpusGivesTheDefaultForItsOwnSize() {
        assertThat(FleetShape.forGpus(10_240)).isEqualTo(FleetShape.DEFAULT);
    }

    @Test
    void forGpusRoundsUpToWholeRacksOfEightByEight() {
        FleetShape shape = FleetShape.forGpus(100_000);

        assertThat(shape.gpus()).isGreaterThanOrEqualTo(100_000).isLessThan(100_000 + shape.halls() * 64);
        assertThat(shape.nodes()).isEqualTo(12_512);
        assertThat(shape.nodesPerRack()).isEqualTo(8);
        assertThat(shape.gpusPerNode()).isEqualTo(8);
        assertThat(shape.halls()).isEqualTo(4);
    }

    @Test
    void aTinyFleetIsOneRack() {
        FleetShape shape = FleetShape.forGpus(64);

        assertThat(shape).isEqualTo(new FleetShape(1, 1, 8, 8));
        assertThat(FleetShape.forGpus(65).racks()).isEqualTo(2);
    }

    @Test
    void rejectsEmptyDimensions() {
        assertThatThrownBy(() -> new FleetShape(0, 40, 8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetShape.forGpus(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

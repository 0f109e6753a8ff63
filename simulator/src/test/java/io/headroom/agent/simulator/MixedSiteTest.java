package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.AcceleratorModels;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Vendor;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MixedSiteTest {

    private static final long START = 1_741_708_800_000L;
    private static final int INTERVAL_MS = 1000;

    @Test
    void everySimulatedModelHasAPeakFigureAndASource() {
        for (GpuModel model : GpuModel.values()) {
            var figure = AcceleratorModels.figure(model.modelName);
            assertThat(figure).as(model.modelName).isPresent();
            assertThat(figure.orElseThrow().tflops()).as(model.modelName).isPositive();
            assertThat(figure.orElseThrow().source()).as(model.modelName).isNotBlank();
            assertThat(figure.orElseThrow().vendor()).as(model.modelName).isEqualTo(model.vendor);
        }
    }

    @Test
    void theDefaultShapeMixedHasAnAscendHallBesideNvidiaHallsWithDomesticRacks() {
        var simulator = new FleetSimulator(FleetShape.DEFAULT, 42, START, INTERVAL_MS, "", SiteMix.MIXED);
        Map<String, Integer> byModel = new TreeMap<>();
        Map<String, Map<Vendor, Integer>> vendorsByHall = new TreeMap<>();
        for (Node node : simulator.inventory().nodes()) {
            String hall = node.rackId().substring(0, 2);
            for (Accelerator a : node.accelerators()) {
                byModel.merge(a.model(), 1, Integer::sum);
                vendorsByHall
                        .computeIfAbsent(hall, h -> new EnumMap<>(Vendor.class))
                        .merge(a.vendor(), 1, Integer::sum);
            }
        }
        // 4 halls of 40 racks, 8 nodes of 8: hall 4 is all Ascend 910B, 8 per node.
        assertThat(vendorsByHall.get("H4")).containsOnlyKeys(Vendor.HUAWEI).containsEntry(Vendor.HUAWEI, 40 * 8 * 8);
        for (String hall : new String[] {"H1", "H2", "H3"}) {
            assertThat(vendorsByHall.get(hall)).doesNotContainKey(Vendor.HUAWEI);
        }
        // 120 racks share out by largest remainder: H100 36, H200 18, A100 21.6, L40S 14.4, K100 12, MLU370 12, R300 6.
        assertThat(byModel)
                .containsEntry("Ascend 910B3", 2_560)
                .containsEntry("NVIDIA H100 80GB HBM3", 36 * 64)
                .containsEntry("NVIDIA H200", 18 * 64)
                .containsEntry("NVIDIA A100-SXM4-80GB", 22 * 64)
                .containsEntry("NVIDIA L40S", 14 * 64)
                .containsEntry("Hygon K100_AI", 12 * 64)
                .containsEntry("MLU370-X8", 12 * 64)
                .containsEntry("R300", 6 * 64);
        assertThat(byModel.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_240);
    }

    @Test
    void someAscendCardsAreCutIntoVnpusThatFillTheChip() {
        var simulator = new FleetSimulator(FleetShape.DEFAULT, 42, START, INTERVAL_MS, "", SiteMix.MIXED);
        FleetLayout layout = new FleetLayout(simulator.inventory());
        int cut = 0;
        for (int g = 0; g < layout.gpuCount(); g++) {
            Accelerator card = layout.accelerator(g);
            if (card.slices().isEmpty()) {
                continue;
            }
            if (card.vendor() != Vendor.HUAWEI) {
                assertThat(card.slices().getFirst().profileId()).isNotEqualTo(MigSlice.PROFILE_UNKNOWN);
                continue;
            }
            cut++;
            assertThat(card.migEnabled()).isFalse();
            float shares = 0;
            long memory = 0;
            for (int s = layout.firstSliceSlot(g); s < layout.endSliceSlot(g); s++) {
                assertThat(layout.slice(s).profileName()).matches("vir(05_1c_16g|10_3c_32g)");
                shares += layout.peakTflops(s);
                memory += layout.slice(s).memoryTotalMib();
            }
            // The vNPUs of a 910B share out its 20 AI cores and 64 GB: together they are worth the whole card.
            assertThat(shares).isCloseTo(layout.peakTflops(g), org.assertj.core.data.Offset.offset(0.01f));
            assertThat(memory).isEqualTo(65_536);
        }
        assertThat(cut).isGreaterThan(8);
    }

    @Test
    void theMixIsDeterministicForTheSeedAndStillHonoursAnyGpuCount() {
        var a = new FleetSimulator(FleetShape.forGpus(4_096), 7, START, INTERVAL_MS, "", SiteMix.MIXED);
        var b = new FleetSimulator(FleetShape.forGpus(4_096), 7, START, INTERVAL_MS, "", SiteMix.MIXED);
        var c = new FleetSimulator(FleetShape.forGpus(4_096), 8, START, INTERVAL_MS, "", SiteMix.MIXED);
        assertThat(a.inventory()).isEqualTo(b.inventory());
        assertThat(a.inventory()).isNotEqualTo(c.inventory());
        long at = START + 3 * 60_000;
        FleetState sa = Telemetry.stateFor(a);
        FleetState sb = Telemetry.stateFor(b);
        a.tick(at, sa.current());
        b.tick(at, sb.current());
        assertThat(Telemetry.written(sa.current(), at)).isEqualTo(Telemetry.written(sb.current(), at));

        int total = 0;
        var small = new FleetSimulator(FleetShape.forGpus(64), 7, START, INTERVAL_MS, "", SiteMix.MIXED);
        for (Node node : small.inventory().nodes()) {
            total += node.accelerators().size();
        }
        assertThat(total).isEqualTo(64);
    }

    @Test
    void vendorHealthArrivesTheWayEachVendorsToolReportsIt() {
        var simulator = new FleetSimulator(FleetShape.DEFAULT, 42, START, INTERVAL_MS, "", SiteMix.MIXED);
        FleetState state = Telemetry.stateFor(simulator);
        long at = START + 10 * 60_000;
        simulator.tick(at, state.current());
        FleetTelemetry telemetry = state.current();
        FleetLayout layout = telemetry.layout();
        Map<DeviceHealth, Integer> ascendHealth = new EnumMap<>(DeviceHealth.class);
        int cambriconEcc = 0;
        for (int g = 0; g < layout.gpuCount(); g++) {
            if (telemetry.sampleTime(g) != at || telemetry.missing(g)) {
                continue;
            }
            Vendor vendor = layout.accelerator(g).vendor();
            switch (vendor) {
                case HUAWEI -> {
                    ascendHealth.merge(telemetry.health(g), 1, Integer::sum);
                    assertThat(telemetry.measured(g, IntegerReading.LAST_XID)).isFalse();
                }
                case CAMBRICON -> {
                    assertThat(telemetry.measured(g, IntegerReading.ECC_UNCORRECTABLE))
                            .isTrue();
                    assertThat(telemetry.measured(g, IntegerReading.LAST_XID)).isFalse();
                    assertThat(telemetry.health(g)).isEqualTo(DeviceHealth.UNKNOWN);
                    cambriconEcc += telemetry.eccUncorrectable(g) > 0 ? 1 : 0;
                }
                case NVIDIA -> {
                    assertThat(telemetry.health(g)).isEqualTo(DeviceHealth.UNKNOWN);
                    assertThat(telemetry.measured(g, IntegerReading.LAST_XID)).isTrue();
                }
                default -> {
                    assertThat(telemetry.health(g)).isEqualTo(DeviceHealth.UNKNOWN);
                    assertThat(telemetry.measured(g, IntegerReading.ECC_UNCORRECTABLE))
                            .isFalse();
                }
            }
        }
        assertThat(ascendHealth.keySet()).doesNotContain(DeviceHealth.UNKNOWN, DeviceHealth.CRITICAL);
        assertThat(ascendHealth.get(DeviceHealth.OK)).isGreaterThan(2_000);
        // Seed 42 at minute 10 (read off a run): 9 chips in Warning, 2 in Alarm, one MLU370 with an ECC error.
        assertThat(ascendHealth.getOrDefault(DeviceHealth.WARNING, 0)).isPositive();
        assertThat(ascendHealth.getOrDefault(DeviceHealth.ALARM, 0)).isPositive();
        assertThat(cambriconEcc).as("MLU370 chips with an ECC error").isPositive();
    }
}

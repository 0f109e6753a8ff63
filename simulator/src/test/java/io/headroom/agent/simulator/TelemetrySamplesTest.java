package io.headroom.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One afternoon tick of the default fleet, read field by field. */
class TelemetrySamplesTest {

    private static final long AFTERNOON = ZonedDateTime.of(2025, 3, 12, 14, 0, 0, 0, ZoneOffset.ofHours(8))
            .toInstant()
            .toEpochMilli();
    private static final int MINUTE = 60_000;
    private static final Map<String, Float> POWER_LIMIT = Map.of(
            "NVIDIA H100 80GB HBM3", 700f, "NVIDIA H200", 700f, "NVIDIA A100-SXM4-80GB", 400f, "NVIDIA L40S", 350f);

    private static FleetSimulator simulator;
    private static FleetTelemetry telemetry;
    private static FleetLayout layout;
    private static long now;

    @BeforeAll
    static void tickAnAfternoon() {
        simulator = new FleetSimulator(FleetShape.DEFAULT, 3, AFTERNOON, MINUTE, "");
        FleetState state = Telemetry.stateFor(simulator);
        for (int m = 0; m <= 15; m++) {
            now = AFTERNOON + (long) m * MINUTE;
            simulator.tick(now, state.current());
        }
        telemetry = state.current();
        layout = telemetry.layout();
    }

    @Test
    void powerLimitsAreThoseOfEachModel() {
        forLiveGpus(g -> assertThat(telemetry.powerLimitW(g))
                .isEqualTo(POWER_LIMIT.get(layout.accelerator(g).model())));
    }

    @Test
    void loadedTrainingGpusDrawNearTheirLimitAndFreeOnesIdle() {
        int loaded = 0;
        int free = 0;
        for (int g : liveWholeGpus()) {
            float share = telemetry.powerW(g) / telemetry.powerLimitW(g);
            boolean training = layout.node(layout.nodeOfSlot(g)).pool().equals("train");
            boolean thermal = (telemetry.throttleReasons(g) & GpuPhysics.SW_THERMAL_SLOWDOWN) != 0;
            if (training && !thermal && telemetry.utilizationPct(g) >= 85) {
                assertThat(share).as(layout.describe(g)).isGreaterThan(0.75f);
                assertThat(telemetry.smClockMhz(g)).as(layout.describe(g)).isGreaterThan(1000f);
                loaded++;
            } else if (!telemetry.allocated(g)) {
                assertThat(telemetry.utilizationPct(g)).isZero();
                assertThat(telemetry.memoryUsedMib(g)).isZero();
                assertThat(share).as(layout.describe(g)).isLessThan(0.25f);
                assertThat(telemetry.powerW(g)).isBetween(30f, 100f);
                assertThat(telemetry.throttleReasons(g) & GpuPhysics.GPU_IDLE).isNotZero();
                free++;
            }
        }
        assertThat(loaded).isGreaterThan(1_000);
        assertThat(free).isGreaterThan(100);
    }

    @Test
    void busyTrainingGpusShowSeventyToHundredPercent() {
        long busy = liveWholeGpus().stream()
                .filter(g -> telemetry.allocated(g)
                        && layout.node(layout.nodeOfSlot(g)).pool().equals("train"))
                .filter(g -> telemetry.utilizationPct(g) >= 70 && telemetry.utilizationPct(g) <= 100)
                .count();
        long allocated = liveWholeGpus().stream()
                .filter(g -> telemetry.allocated(g)
                        && layout.node(layout.nodeOfSlot(g)).pool().equals("train"))
                .count();

        assertThat((double) busy / allocated).isGreaterThan(0.7);
    }

    @Test
    void dieTemperatureFollowsPowerAndInlet() {
        double hotSum = 0;
        int hot = 0;
        double coolSum = 0;
        int cool = 0;
        for (int g : liveWholeGpus()) {
            float inlet = telemetry.rackInletC(layout.rackOfNode(layout.nodeOfSlot(g)));
            float share = telemetry.powerW(g) / telemetry.powerLimitW(g);
            assertThat(telemetry.gpuTempC(g))
                    .as(layout.describe(g))
                    .isGreaterThan(inlet)
                    .isLessThan(inlet + 70);
            if (share > 0.8f) {
                hotSum += telemetry.gpuTempC(g) - inlet;
                hot++;
            } else if (share < 0.2f) {
                coolSum += telemetry.gpuTempC(g) - inlet;
                cool++;
            }
        }
        assertThat(hotSum / hot - coolSum / cool).isGreaterThan(25);
    }

    @Test
    void onlyHbmReportsAMemoryTemperature() {
        forLiveGpus(g -> {
            boolean gddr = layout.accelerator(g).model().equals("NVIDIA L40S");
            assertThat(Float.isNaN(telemetry.memoryTempC(g)))
                    .as(layout.describe(g))
                    .isEqualTo(gddr);
        });
    }

    @Test
    void heldGpusKeepTheirJobsMemory() {
        long held = liveWholeGpus().stream()
                .filter(g -> telemetry.allocated(g) && telemetry.utilizationPct(g) < 5)
                .count();
        long heldWithMemory = liveWholeGpus().stream()
                .filter(g ->
                        telemetry.allocated(g) && telemetry.utilizationPct(g) < 5 && telemetry.memoryUsedMib(g) > 1_000)
                .count();

        assertThat(held).isPositive().isEqualTo(heldWithMemory);
        forLiveGpus(g -> assertThat(telemetry.memoryUsedMib(g)).isLessThanOrEqualTo(layout.memoryTotalMib(g)));
    }

    @Test
    void migGpusCarryPhysicsAndTheirSlicesCarryActivity() {
        int migGpus = 0;
        for (int g : liveGpus()) {
            if (layout.firstSliceSlot(g) == layout.endSliceSlot(g)) {
                continue;
            }
            migGpus++;
            assertThat(telemetry.utilizationPct(g)).isNaN();
            assertThat(telemetry.powerW(g)).isPositive();
            assertThat(telemetry.gpuTempC(g)).isPositive();
            float memory = 0;
            for (int s = layout.firstSliceSlot(g); s < layout.endSliceSlot(g); s++) {
                assertThat(telemetry.utilizationPct(s)).isNaN();
                assertThat(telemetry.smActivePct(s)).isBetween(0f, 100f);
                assertThat(telemetry.memoryUsedMib(s)).isLessThanOrEqualTo(layout.memoryTotalMib(s));
                assertThat(telemetry.powerW(s)).isNaN();
                memory += telemetry.memoryUsedMib(s);
            }
            assertThat(telemetry.memoryUsedMib(g)).isEqualTo(memory, within(1f));
        }
        assertThat(migGpus).isPositive();
    }

    @Test
    void rackPowerIsItsGpusPlusEachServersOverhead() {
        double[] gpuKw = new double[layout.rackCount()];
        boolean[] complete = new boolean[layout.rackCount()];
        java.util.Arrays.fill(complete, true);
        for (int g = 0; g < layout.gpuCount(); g++) {
            int rack = layout.rackOfNode(layout.nodeOfSlot(g));
            if (telemetry.sampleTime(g) != now) {
                complete[rack] = false;
            } else if (!Float.isNaN(telemetry.powerW(g))) {
                gpuKw[rack] += telemetry.powerW(g) / 1000.0;
            }
        }
        int checked = 0;
        for (int r = 0; r < layout.rackCount(); r++) {
            assertThat(telemetry.rackSampleTime(r)).isEqualTo(now);
            assertThat(telemetry.rackOutletC(r)).isGreaterThan(telemetry.rackInletC(r));
            assertThat(telemetry.rackPowerKw(r) / layout.rack(r).powerBudgetKw())
                    .isBetween(0.15, 1.0);
            if (complete[r]) {
                double overheadPerNode = (telemetry.rackPowerKw(r) - gpuKw[r]) / 8;
                assertThat(overheadPerNode).as(layout.rack(r).id()).isBetween(0.85, 1.55);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void aTickPublishesOnceAndWritesEveryReportingSlot() {
        long version = telemetry.version();
        long written = telemetry.samplesWritten();
        long at = now + MINUTE;

        simulator.tick(at, telemetry);

        int fresh = 0;
        for (int s = 0; s < layout.slotCount(); s++) {
            if (telemetry.sampleTime(s) == at) {
                fresh++;
            }
        }
        assertThat(telemetry.version()).isEqualTo(version + 1);
        assertThat(telemetry.samplesWritten() - written).isEqualTo(fresh);
        assertThat(fresh).isGreaterThan(layout.slotCount() * 9 / 10);
    }

    @Test
    void aTableThatKnowsOnlySomeNodesGetsOnlyThose() {
        Inventory full = simulator.inventory();
        List<Node> firstRack = full.nodes().subList(0, 8);
        var partial = new FleetState(IdleThresholds.DEFAULTS);
        partial.install(new Inventory(
                "relay", 1, full.sites(), full.halls(), full.racks().subList(0, 1), firstRack));
        long at = now + 2 * MINUTE;

        simulator.tick(at, partial.current());

        FleetTelemetry table = partial.current();
        assertThat(table.samplesWritten()).isBetween(1L, (long) table.layout().slotCount());
        assertThat(table.rackSampleTime(0)).isEqualTo(at);
    }

    private static List<Integer> liveGpus() {
        return java.util.stream.IntStream.range(0, layout.gpuCount())
                .filter(g -> telemetry.sampleTime(g) == now && !telemetry.missing(g))
                .boxed()
                .toList();
    }

    private static List<Integer> liveWholeGpus() {
        return liveGpus().stream()
                .filter(g -> layout.firstSliceSlot(g) == layout.endSliceSlot(g))
                .toList();
    }

    private static void forLiveGpus(java.util.function.IntConsumer check) {
        liveGpus().forEach(check::accept);
    }
}

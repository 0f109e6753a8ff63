package io.headroom.core.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.alerts.AlertKind;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.alerts.AlertSeverity;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.DeviceHealth;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle capacity of a mixed fleet, split by vendor, worked out by hand from the peak table. */
class IdleByVendorTest {

    private static final IdleClassifier CLASSIFIER = new IdleClassifier(IdleThresholds.DEFAULTS);

    /**
     * One node of each: an H100 (989), a 910B3 (320) cut into vir10_3c_32g + 2x vir05_1c_16g, a
     * K100_AI (196), two MLU370-X8 chips (48 each), an MLU590 (no figure: 0).
     */
    private static Inventory mixed() {
        var h100 = new Accelerator("GPU-0", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81559, 0, false, List.of());
        var ascend = new Accelerator(
                "NPU-0",
                Vendor.HUAWEI,
                "Ascend 910B3",
                65536,
                0,
                false,
                List.of(
                        vnpu(100, "vir10_3c_32g", 32768),
                        vnpu(101, "vir05_1c_16g", 16384),
                        vnpu(102, "vir05_1c_16g", 16384)));
        var k100 = new Accelerator("DCU-0", Vendor.HYGON, "Hygon K100_AI", 65536, 0, false, List.of());
        var mlu0 = new Accelerator("MLU-0", Vendor.CAMBRICON, "MLU370-X8", 23374, 0, false, List.of());
        var mlu1 = new Accelerator("MLU-1", Vendor.CAMBRICON, "MLU370-X8", 23374, 1, false, List.of());
        var mlu590 = new Accelerator("MLU-2", Vendor.CAMBRICON, "MLU590", 81920, 2, false, List.of());
        return new Inventory(
                "test",
                1,
                List.of(),
                List.of(),
                List.of(new Rack("r1", "h1", "A", 1, 42, 40)),
                List.of(
                        node("nv", List.of(h100)),
                        node("npu", List.of(ascend)),
                        node("dcu", List.of(k100)),
                        node("mlu", List.of(mlu0, mlu1, mlu590))));
    }

    private static MigSlice vnpu(int id, String template, long mib) {
        return new MigSlice(
                "vNPU-" + id,
                id,
                0,
                MigSlice.PROFILE_UNKNOWN,
                template,
                MigSlice.PLACEMENT_UNKNOWN,
                MigSlice.PLACEMENT_UNKNOWN,
                mib);
    }

    private static Node node(String host, List<Accelerator> accelerators) {
        return new Node(host, "SN-" + host, "r1", 1, 4, "p", "t", SchedulerState.IDLE, 1, 1000, accelerators);
    }

    @Test
    void idleCapacityAddsVendorsThroughThePeakTable() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(mixed());
        var free = new SampleBuffer();
        free.timeMillis = 1000;
        free.utilizationPct = 0;
        var busy = new SampleBuffer();
        busy.timeMillis = 1000;
        busy.utilizationPct = 80;
        busy.allocated = true;
        var layout = t.layout();
        t.writeAccelerator(layout.gpuSlot(0, 0), free); // H100 idle: 989
        int npu = layout.gpuSlot(1, 0);
        t.writeAccelerator(npu, free);
        var vnpuBusy = new SampleBuffer();
        vnpuBusy.timeMillis = 1000;
        vnpuBusy.smActivePct = 60;
        vnpuBusy.allocated = true;
        t.writeAccelerator(layout.sliceSlot(npu, 100), vnpuBusy); // 10 of 20 AI cores busy
        var vnpuFree = new SampleBuffer();
        vnpuFree.timeMillis = 1000;
        vnpuFree.smActivePct = 0;
        t.writeAccelerator(layout.sliceSlot(npu, 101), vnpuFree); // 5 of 20 idle: 80
        t.writeAccelerator(layout.sliceSlot(npu, 102), vnpuFree); // 5 of 20 idle: 80
        t.writeAccelerator(layout.gpuSlot(2, 0), busy); // K100 busy
        t.writeAccelerator(layout.gpuSlot(3, 0), free); // MLU370 chip idle: 48
        t.writeAccelerator(layout.gpuSlot(3, 1), free); // MLU370 chip idle: 48
        t.writeAccelerator(layout.gpuSlot(3, 2), free); // MLU590 idle: no figure, 0

        var summary = FleetSummary.of(t, CLASSIFIER, 1000);

        assertThat(summary.idlePflops(Vendor.NVIDIA)).isCloseTo(0.989, within(1e-6));
        assertThat(summary.idlePflops(Vendor.HUAWEI)).isCloseTo(0.160, within(1e-6));
        assertThat(summary.idlePflops(Vendor.HYGON)).isZero();
        assertThat(summary.idlePflops(Vendor.CAMBRICON)).isCloseTo(0.096, within(1e-6));
        assertThat(summary.idlePflops(Vendor.KUNLUNXIN)).isZero();
        assertThat(summary.idlePflops()).isCloseTo(0.989 + 0.160 + 0.096, within(1e-6));
        // The MLU590 idles too, worth nothing the table can say: named, not hidden.
        // Free idle: the H100, the two MLU370 chips and the MLU590; the cut 910B counts through its vNPUs.
        assertThat(summary.gpus(IdleState.FREE_IDLE)).isEqualTo(4);
        assertThat(layout.unknownModelGpus()).containsOnlyKeys("MLU590");
    }

    @Test
    void anAscendChipInWarningOrAlarmAndACambriconEccErrorRaiseAlerts() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(mixed());
        var layout = t.layout();
        var sample = new SampleBuffer();
        sample.timeMillis = 1000;
        sample.utilizationPct = 0;
        sample.health = DeviceHealth.WARNING;
        t.writeAccelerator(layout.gpuSlot(1, 0), sample);
        var mlu = new SampleBuffer();
        mlu.timeMillis = 1000;
        mlu.utilizationPct = 0;
        mlu.measured(IntegerReading.ECC_UNCORRECTABLE, 2);
        t.writeAccelerator(layout.gpuSlot(3, 0), mlu);
        var rules = new AlertRules(IdleThresholds.DEFAULTS);

        var alerts = rules.evaluate(t, FleetSummary.of(t, CLASSIFIER, 1000), 1000);
        assertThat(alerts)
                .filteredOn(a -> a.kind() == AlertKind.DEVICE_HEALTH)
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
                    assertThat(a.subject()).isEqualTo("NPU-0");
                    assertThat(a.messageKey()).isEqualTo("alert.detail.device-health.warning");
                });
        assertThat(alerts)
                .filteredOn(a -> a.kind() == AlertKind.ECC_UNCORRECTABLE)
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo("MLU-0"));
        // A chip in Warning still works: not faulted. One in Alarm is.
        assertThat(CLASSIFIER.classify(t, layout.gpuSlot(1, 0), 1000)).isEqualTo(IdleState.FREE_IDLE);

        sample.health = DeviceHealth.ALARM;
        t.writeAccelerator(layout.gpuSlot(1, 0), sample);
        alerts = rules.evaluate(t, FleetSummary.of(t, CLASSIFIER, 1000), 1000);
        assertThat(alerts)
                .filteredOn(a -> a.kind() == AlertKind.DEVICE_HEALTH)
                .singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL));
        assertThat(CLASSIFIER.classify(t, layout.gpuSlot(1, 0), 1000)).isEqualTo(IdleState.FAULTED);
    }
}

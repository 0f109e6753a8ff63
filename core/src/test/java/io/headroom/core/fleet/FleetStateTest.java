package io.headroom.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.TestFleets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FleetStateTest {

    @Test
    void aNewInventoryKeepsWhatIsKnownOfTheSameAccelerators() {
        var state = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry first = state.install(TestFleets.plain(2, 2));
        var sample = new SampleBuffer();
        sample.timeMillis = 5000;
        sample.utilizationPct = 77;
        first.writeAccelerator(first.layout().gpuSlot(1, 1), sample);
        first.writeNode(1, 5000, SchedulerState.ALLOCATED, 9);
        first.publish(1);

        // A third node joins in front: every slot moves, the values must follow their GPU.
        var grown = new ArrayList<Node>();
        grown.add(TestFleets.plain(3, 2).nodes().get(2));
        grown.addAll(TestFleets.plain(2, 2).nodes());
        long before = state.current().version();
        FleetTelemetry second = state.install(new Inventory("test", 2, List.of(), List.of(), List.of(), grown));

        int moved = second.layout().gpuSlot(second.layout().nodeIndex("n1"), 1);
        assertThat(moved).isEqualTo(5);
        assertThat(second.utilizationPct(moved)).isEqualTo(77f);
        assertThat(second.sampleTime(moved)).isEqualTo(5000);
        assertThat(second.sampleTime(0)).isZero();
        assertThat(second.version()).isGreaterThan(before);
    }

    @Test
    void aNewVersionWithTheSameGpusInTheSamePlacesKeepsEveryValueAndALeavingNodeTakesOnlyItsOwn() {
        var state = new FleetState(IdleThresholds.DEFAULTS);
        Inventory inventory = TestFleets.plain(3, 2);
        FleetTelemetry first = state.install(inventory);
        var sample = new SampleBuffer();
        for (int slot = 0; slot < first.layout().slotCount(); slot++) {
            sample.timeMillis = 1000L + slot;
            sample.utilizationPct = slot;
            first.writeAccelerator(slot, sample);
        }
        first.publish(first.layout().slotCount());

        // Same GPUs, a new version (a node renamed its pool, say): every slot where it was.
        FleetTelemetry same =
                state.install(new Inventory("test", 2, List.of(), List.of(), List.of(), inventory.nodes()));
        for (int slot = 0; slot < same.layout().slotCount(); slot++) {
            assertThat(same.sampleTime(slot)).isEqualTo(1000L + slot);
            assertThat(same.utilizationPct(slot)).isEqualTo(slot);
        }
        // The first node leaves: the others' GPUs move up two slots and keep their values.
        FleetTelemetry shrunk = state.install(new Inventory(
                "test", 3, List.of(), List.of(), List.of(), inventory.nodes().subList(1, 3)));
        assertThat(shrunk.layout().slotCount()).isEqualTo(4);
        for (int slot = 0; slot < 4; slot++) {
            assertThat(shrunk.utilizationPct(slot)).isEqualTo(slot + 2);
        }
    }

    @Test
    void idleSinceStartsWhenActivityDropsBelowTheThresholdAndClearsWhenItRises() {
        var state = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry t = state.install(TestFleets.plain(1, 1));
        var sample = new SampleBuffer();
        sample.timeMillis = 1000;
        sample.utilizationPct = 3;
        t.writeAccelerator(0, sample);
        sample.timeMillis = 2000;
        t.writeAccelerator(0, sample);
        assertThat(t.idleSinceMillis(0)).isEqualTo(1000);
        sample.timeMillis = 3000;
        sample.utilizationPct = 50;
        t.writeAccelerator(0, sample);
        assertThat(t.idleSinceMillis(0)).isEqualTo(FleetTelemetry.NOT_IDLE);
    }

    @Test
    void aConsoleThatJustConnectedTakesTheSourcesIdleHistory() {
        FleetTelemetry t = new FleetState(IdleThresholds.DEFAULTS).install(TestFleets.plain(1, 1));
        var sample = new SampleBuffer();
        sample.timeMillis = 1_000_000;
        sample.utilizationPct = 1;
        sample.idleSinceMillis = 400_000;
        t.writeAccelerator(0, sample);
        assertThat(t.idleSinceMillis(0)).isEqualTo(400_000);

        // A busy sample clears it whatever the source said.
        sample.utilizationPct = 80;
        t.writeAccelerator(0, sample);
        assertThat(t.idleSinceMillis(0)).isEqualTo(FleetTelemetry.NOT_IDLE);
    }

    @Test
    void readersSeeEveryPublishedWriteOfManyConcurrentWriters() throws Exception {
        int nodes = 64;
        var state = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry t = state.install(TestFleets.plain(nodes, 8));
        var start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                var sample = new SampleBuffer();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int round = 1; round <= 200; round++) {
                    for (int node = writer; node < nodes; node += 4) {
                        for (int slot = t.layout().firstGpuSlot(node);
                                slot < t.layout().endGpuSlot(node);
                                slot++) {
                            sample.timeMillis = round;
                            sample.utilizationPct = round % 100;
                            t.writeAccelerator(slot, sample);
                        }
                        t.publish(8);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        assertThat(t.samplesWritten()).isEqualTo(200L * nodes * 8);
        for (int slot = 0; slot < t.layout().gpuCount(); slot++) {
            assertThat(t.sampleTime(slot)).isEqualTo(200);
        }
    }

    @Test
    void aRacksFansAreKeptAcrossANewInventory() {
        var rack = new Rack("H1-A01", "h1", "A", 1, 42, 40);
        var state = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry first = state.install(new Inventory("test", 1, List.of(), List.of(), List.of(rack), List.of()));
        assertThat(first.rackFans(0)).isZero(); // nobody reads them yet
        first.writeRack(0, 5000, 24f, 37f, 18f);
        first.writeRackFans(0, 16, 2);
        first.publish(0);

        FleetTelemetry second = state.install(new Inventory(
                "test",
                2,
                List.of(),
                List.of(),
                List.of(rack),
                TestFleets.plain(1, 1).nodes()));

        assertThat(second.rackFans(0)).isEqualTo(16);
        assertThat(second.rackFansFailed(0)).isEqualTo(2);
        assertThat(second.rackPowerKw(0)).isEqualTo(18f);
    }
}

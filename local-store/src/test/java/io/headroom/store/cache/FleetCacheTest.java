package io.headroom.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import io.headroom.store.LocalStore;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.testing.Fleets;
import io.headroom.store.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCacheTest {

    private static final CacheWriter.Settings BY_HAND =
            new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), HistorySettings.DEFAULTS);

    @TempDir
    Path profile;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T08:00:00Z"));

    @Test
    void aColdStartPaintsTheLastKnownFleetWithEveryValueAtItsOriginalAge() throws Exception {
        Inventory inventory = Fleets.withMig(2, 3, 4);
        long sampledAt = clock.millis();
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState live = new FleetState(IdleThresholds.DEFAULTS);
            FleetTelemetry t = live.install(inventory);
            Fleets.sampleAll(t, sampledAt, slot -> slot % 10 * 10f);
            t.writeNode(0, sampledAt, SchedulerState.DRAINING, 7);
            CacheWriter writer = CacheWriter.start(store, live, BY_HAND, clock);
            writer.saveNow();
            writer.close();
        }

        FleetState restored = new FleetState(IdleThresholds.DEFAULTS);
        RestoredFleet result;
        try (LocalStore store = LocalStore.open(profile).store()) {
            result = FleetCache.restore(store, restored);
        }
        FleetTelemetry t = restored.current();
        FleetLayout layout = t.layout();
        assertThat(result.inventory()).isEqualTo(inventory);
        assertThat(layout.inventory()).isEqualTo(inventory);
        assertThat(result.withSamples()).isEqualTo(layout.slotCount());
        assertThat(result.oldestSample()).contains(Instant.ofEpochMilli(sampledAt));
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            assertThat(t.sampleTime(slot)).isEqualTo(sampledAt);
            assertThat(t.utilizationPct(slot)).isEqualTo(slot % 10 * 10f);
            assertThat(t.memoryUsedMib(slot)).isEqualTo(1000f + slot);
            assertThat(t.allocated(slot)).isEqualTo(slot % 10 * 10f >= 5);
            assertThat(t.throttleReasons(slot)).isEqualTo(slot % 3);
        }
        assertThat(t.schedulerState(0)).isEqualTo(SchedulerState.DRAINING);
        assertThat(t.generation(0)).isEqualTo(7);
        assertThat(t.rackInletC(1)).isEqualTo(22f);
        // The slices came back as slices of their GPU.
        int mig = layout.nodeIndex("mig");
        assertThat(layout.slotCount() - layout.gpuCount()).isEqualTo(2);
        assertThat(layout.slice(layout.firstSliceSlot(layout.gpuSlot(mig, 1))).uuid())
                .isEqualTo("MIG-mig-1-a");
        // ... each with the compute instances it is split into.
        assertThat(layout.slice(layout.firstSliceSlot(layout.gpuSlot(mig, 1))).computeInstances())
                .extracting(c -> c.id() + " " + c.sizeName() + " " + c.uuid())
                .containsExactly("0 1c ", "1 2c MIG-mig-1-a-ci1");

        IdleClassifier classifier = new IdleClassifier(IdleThresholds.DEFAULTS);
        assertThat(classifier.classify(t, 1, sampledAt + 1000)).isNotEqualTo(IdleState.STALE);
        assertThat(classifier.classify(t, 1, sampledAt + Duration.ofMinutes(5).toMillis()))
                .isEqualTo(IdleState.STALE);
    }

    @Test
    void nodesThatLeaveOrJoinAreSavedAndAnEmptyFleetNeverOverwritesASavedOne() throws Exception {
        Inventory first = Fleets.of(2, 2, 2);
        List<Node> nodes = new ArrayList<>(first.nodes());
        Node leaving = nodes.remove(1);
        nodes.add(Fleets.of(3, 2, 2).nodes().get(5)); // r2n1 joins, in a rack the inventory does not list
        Inventory second = new Inventory("test", 2, first.sites(), first.halls(), first.racks(), nodes);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState live = new FleetState(IdleThresholds.DEFAULTS);
            live.install(first);
            CacheWriter writer = CacheWriter.start(store, live, BY_HAND, clock);
            writer.saveNow();
            live.install(second);
            writer.saveNow();
            writer.close();
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            // A console started without restoring, before any agent answered, must not forget the fleet.
            CacheWriter writer = CacheWriter.start(store, new FleetState(IdleThresholds.DEFAULTS), BY_HAND, clock);
            writer.saveNow();
            writer.close();
        }
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState restored = new FleetState(IdleThresholds.DEFAULTS);
            RestoredFleet result = FleetCache.restore(store, restored);
            assertThat(result.inventory()).isEqualTo(second);
            assertThat(result.inventory().nodes()).doesNotContain(leaving);
            assertThat(result.withSamples()).isZero();
            assertThat(result.notice()).isEmpty();
        }
    }

    @Test
    void aDamagedSamplesFileIsIgnoredAndTheInventoryStillComesBack() throws Exception {
        Inventory inventory = Fleets.of(1, 2, 2);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState live = new FleetState(IdleThresholds.DEFAULTS);
            Fleets.sampleAll(live.install(inventory), clock.millis(), slot -> 40);
            CacheWriter writer = CacheWriter.start(store, live, BY_HAND, clock);
            writer.saveNow();
            writer.close();
        }
        Path file = profile.resolve(LatestSamplesFile.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState restored = new FleetState(IdleThresholds.DEFAULTS);
            RestoredFleet result = FleetCache.restore(store, restored);
            assertThat(result.inventory()).isEqualTo(inventory);
            assertThat(result.withSamples()).isZero();
            assertThat(restored.current().sampleTime(0)).isZero();
        }
    }

    @Test
    void anEmptyStoreRestoresNothingAndLeavesTheFleetAlone() throws Exception {
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
            FleetTelemetry before = fleet.current();
            RestoredFleet result = FleetCache.restore(store, fleet);
            assertThat(result.isEmpty()).isTrue();
            assertThat(fleet.current()).isSameAs(before);
        }
    }

    @Test
    void anUnreadableSamplesFileReadBesideTheInventoryIsNamedAndTheInventoryStillComesBack() throws Exception {
        Inventory inventory = Fleets.of(1, 2, 2);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState live = new FleetState(IdleThresholds.DEFAULTS);
            Fleets.sampleAll(live.install(inventory), clock.millis(), slot -> 40);
            CacheWriter writer = CacheWriter.start(store, live, BY_HAND, clock);
            writer.saveNow();
            writer.close();
        }
        // A directory where the file should be: reading it fails with an IOException on the reading thread.
        Path file = profile.resolve(LatestSamplesFile.FILE_NAME);
        Files.delete(file);
        Files.createDirectory(file);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState restored = new FleetState(IdleThresholds.DEFAULTS);
            RestoredFleet result = FleetCache.restore(store, restored);
            assertThat(result.inventory()).isEqualTo(inventory);
            assertThat(result.withSamples()).isZero();
            assertThat(result.notice())
                    .hasValueSatisfying(
                            notice -> assertThat(notice).contains("The last known samples could not be read"));
        }
    }

    @Test
    void aRestoredFleetSharesOneStringPerModelRackPoolAndTenant() throws Exception {
        Inventory inventory = Fleets.of(2, 3, 4);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetState live = new FleetState(IdleThresholds.DEFAULTS);
            live.install(inventory);
            CacheWriter writer = CacheWriter.start(store, live, BY_HAND, clock);
            writer.saveNow();
            writer.close();
        }
        FleetState restored = new FleetState(IdleThresholds.DEFAULTS);
        try (LocalStore store = LocalStore.open(profile).store()) {
            FleetCache.restore(store, restored);
        }
        List<Node> nodes = restored.layout().inventory().nodes();
        assertThat(restored.layout().inventory()).isEqualTo(inventory);
        Node first = nodes.getFirst();
        Node sameRack = nodes.get(2);
        Node otherRack = nodes.getLast();
        assertThat(sameRack.rackId()).isEqualTo(first.rackId());
        assertThat(otherRack.accelerators().getFirst().model())
                .isSameAs(first.accelerators().getFirst().model());
        assertThat(sameRack.rackId()).isSameAs(first.rackId());
        assertThat(sameRack.pool()).isSameAs(first.pool());
        assertThat(sameRack.tenant()).isSameAs(first.tenant());
    }
}

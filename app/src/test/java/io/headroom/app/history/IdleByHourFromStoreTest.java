package io.headroom.app.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.Hall;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Inventory;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Site;
import io.headroom.core.fleet.Vendor;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.RollupQueries;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.history.Grouping;
import io.headroom.views.history.HistoryRange;
import io.headroom.views.history.IdleHistoryView;
import io.headroom.views.overview.CardHourUtilization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Idle by hour" and card-hours on a real store filled the way the console fills it: the
 * cache writer records two hours of a small fleet on a hand-moved clock (rack r0 idle and
 * unallocated, rack r1 busy at 80 %) and rolls them up; the page then reads the rollups.
 */
@ExtendWith(ApplicationExtension.class)
class IdleByHourFromStoreTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z"); // a Monday
    private static final Instant NOW = Instant.parse("2026-03-02T10:30:00Z");

    @TempDir
    static Path profile;

    private LocalStore store;
    private IdleHistoryView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(() -> view.dispose()).get();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theCellUnderThePointerNamesTheRackTheHourAndHowIdleItWas(FxRobot robot) throws Exception {
        store = recordTwoHours();
        RollupQueries queries = new RollupQueries(store, ZoneOffset.UTC);
        WaitForAsyncUtils.asyncFx(() -> {
                    view = new IdleHistoryView(
                            new StoreIdleHistory(queries),
                            new Messages(Locale.US),
                            InstantSource.fixed(NOW),
                            ZoneOffset.UTC);
                    Scene scene = new Scene(view, 1200, 400);
                    scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet());
                    stage.setScene(scene);
                    stage.show();
                    view.choose(Grouping.RACK, HistoryRange.DAY);
                    view.reloadNow();
                })
                .get();
        WaitForAsyncUtils.waitForFxEvents();

        // The last 24 closed hours end at 10:00; 09:00-10:00 is the last column.
        assertThat(view.grid().groups()).containsExactly("r0", "r1");
        assertThat(view.grid().idle(0, 23)).isEqualTo(1.0);
        assertThat(view.grid().idle(1, 23)).isZero();
        assertThat(view.grid().idle(0, 21))
                .as("07:00, before the fleet reported")
                .isNaN();
        Point2D cell = WaitForAsyncUtils.asyncFx(() -> view.localToScreen(view.cellCenter(0, 23)))
                .get();

        robot.moveTo(cell);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#history-hover").queryAs(Label.class).getText())
                .isEqualTo("Rack r0\nMon 2 Mar 09:00\u201310:00\n100.0% idle (0.0% held idle) \u00b7 4 GPUs");
    }

    @Test
    void cardHoursAreTheUsedShareOfTheDaysClosedHours() throws Exception {
        store = recordTwoHours();
        StoreCardHours cardHours = new StoreCardHours(new RollupQueries(store, ZoneOffset.UTC), ZoneOffset.UTC);

        CardHourUtilization hours = cardHours.at(NOW);

        assertThat(hours.today()).isCloseTo(0.5, within(1e-6));
        assertThat(hours.week()).isCloseTo(0.5, within(1e-6));
        assertThat(cardHours.at(Instant.parse("2026-03-03T00:30:00Z")).today())
                .as("a new day, no closed hour yet")
                .isNaN();
        assertThat(new StoreCardHours(new RollupQueries(store, ZoneId.of("Asia/Shanghai")), ZoneId.of("Asia/Shanghai"))
                        .at(Instant.parse("2026-03-02T16:30:00Z"))
                        .today())
                .as("midnight in Shanghai is 16:00 UTC")
                .isNaN();
    }

    /** Rack r0's four GPUs idle and unallocated, rack r1's four busy at 80 %, from 08:00 to 10:01. */
    private static LocalStore recordTwoHours() throws Exception {
        LocalStore store =
                LocalStore.open(profile.resolve("p" + System.nanoTime())).store();
        FleetState fleet = new FleetState(IdleThresholds.DEFAULTS);
        FleetTelemetry telemetry = fleet.install(inventory());
        AtomicLong millis = new AtomicLong(START.toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }
        };
        try (CacheWriter writer = CacheWriter.start(
                store,
                fleet,
                new CacheWriter.Settings(
                        Duration.ofHours(1),
                        Duration.ofHours(1),
                        new HistorySettings(
                                Duration.ofHours(1), Duration.ofDays(90), Duration.ofDays(730), ZoneOffset.UTC)),
                clock)) {
            writer.saveNow();
            SampleBuffer sample = new SampleBuffer();
            while (millis.get() <= Instant.parse("2026-03-02T10:01:00Z").toEpochMilli()) {
                for (int slot = 0; slot < telemetry.layout().slotCount(); slot++) {
                    boolean busy = slot >= 4;
                    sample.clear();
                    sample.timeMillis = millis.get();
                    sample.utilizationPct = busy ? 80 : 0;
                    sample.smActivePct = busy ? 80 : 0;
                    sample.memoryUsedMib = 1000;
                    sample.powerW = busy ? 500 : 100;
                    sample.powerLimitW = 700;
                    sample.gpuTempC = 50;
                    sample.allocated = busy;
                    telemetry.writeAccelerator(slot, sample);
                }
                for (int node = 0; node < telemetry.layout().nodeCount(); node++) {
                    telemetry.writeNode(node, millis.get(), SchedulerState.ALLOCATED, 1);
                }
                telemetry.publish(telemetry.layout().slotCount());
                writer.saveNow();
                millis.addAndGet(30_000);
            }
            writer.saveNow();
        }
        return store;
    }

    private static Inventory inventory() {
        List<Rack> racks = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            racks.add(new Rack("r" + r, "h1", "A", r + 1, 42, 40));
            List<Accelerator> gpus = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                gpus.add(new Accelerator(
                        "GPU-r" + r + "-" + i, Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, i, false, List.of()));
            }
            nodes.add(new Node(
                    "r" + r + "n0",
                    "SN-" + r,
                    "r" + r,
                    10,
                    4,
                    r == 0 ? "train" : "infer",
                    r == 0 ? "acme" : "globex",
                    SchedulerState.ALLOCATED,
                    1,
                    1000,
                    gpus));
        }
        return new Inventory(
                "test", 1, List.of(new Site("s1", "Site 1")), List.of(new Hall("h1", "s1", "Hall 1")), racks, nodes);
    }
}

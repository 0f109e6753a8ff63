package io.headroom.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.HistoryTier;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.store.LocalStore;
import io.headroom.store.cache.CacheWriter;
import io.headroom.store.history.HistorySettings;
import io.headroom.store.history.MinuteReadings;
import io.headroom.store.history.StoreHistoryArchive;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import io.headroom.views.node.NodeDetailView;
import io.headroom.views.node.NodeDetailViewModel.Metric;
import io.headroom.views.node.SparklinePoints;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A server page opened on a console whose store holds the node's last 15 minutes, as the backfill
 * writes them from an agent (one minute the agent did not keep): the sparklines have those
 * minutes the moment the store has answered, before a second live sample, and the missing one is a gap.
 */
@ExtendWith(ApplicationExtension.class)
class ServerPageFromStoreTest {

    private static final String HOST = "gpu-h1-a02-n4"; // H100s, the last two GPUs in MIG mode
    private static final long NOW = SiteFleet.NOW;
    private static final long NOW_MINUTE = Math.floorDiv(NOW, 60_000L);
    /** The minute (of the fifteen before now) the agent kept nothing of. */
    private static final int MISSING = 9;

    @TempDir
    Path profile;

    private LocalStore store;
    private SiteFleet site;

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @BeforeEach
    void storeFifteenMinutes() throws Exception {
        store = LocalStore.open(profile).store();
        site = SiteFleet.build(1, 10).write(NOW);
        HistorySettings settings =
                new HistorySettings(Duration.ofHours(1), Duration.ofDays(90), Duration.ofDays(730), ZoneOffset.UTC);
        try (CacheWriter writer = CacheWriter.start(
                store,
                site.state,
                new CacheWriter.Settings(Duration.ofHours(1), Duration.ofHours(1), settings),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))) {
            writer.saveNow(); // the inventory, which history rows are matched against
        }
        var archive = new StoreHistoryArchive(store, settings);
        List<String> uuids = uuidsOf(site.layout(), HOST);
        for (int k = 0; k < 15; k++) {
            if (k == MISSING) {
                continue;
            }
            List<AcceleratorPeriod> rows = new ArrayList<>();
            for (int a = 0; a < uuids.size(); a++) {
                boolean migGpu = uuids.get(a).startsWith("GPU")
                        && a + 1 < uuids.size()
                        && uuids.get(a + 1).startsWith("MIG");
                boolean slice = uuids.get(a).startsWith("MIG");
                // A job ramping up over the quarter hour, each GPU a little apart.
                float util = Math.min(100, 20 + 5 * k + 3 * a);
                rows.add(new AcceleratorPeriod(
                        uuids.get(a),
                        60,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        migGpu ? Float.NaN : util,
                        slice ? Float.NaN : 150 + 4 * util,
                        slice ? Float.NaN : 45 + util / 4));
            }
            archive.write("agent-a", HistoryTier.MINUTE, NOW_MINUTE - 15 + k, rows);
        }
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static List<String> uuidsOf(FleetLayout layout, String host) {
        int node = layout.nodeIndex(host);
        List<String> uuids = new ArrayList<>();
        for (int gpu = layout.firstGpuSlot(node); gpu < layout.endGpuSlot(node); gpu++) {
            uuids.add(layout.accelerator(gpu).uuid());
            for (int s = layout.firstSliceSlot(gpu); s < layout.endSliceSlot(gpu); s++) {
                uuids.add(layout.slice(s).uuid());
            }
        }
        return uuids;
    }

    @Test
    void aFreshlyOpenedServerPageShowsTheStoresLastFifteenMinutes() throws Exception {
        FleetFeed feed =
                new FleetFeed(site.state, new IdleClassifier(IdleThresholds.DEFAULTS), () -> Instant.ofEpochMilli(NOW));
        NodeDetailView view = WaitForAsyncUtils.asyncFx(() -> {
                    NodeDetailView v = new NodeDetailView(feed, new Messages(Locale.US));
                    v.setPast(new StoreNodePast(new MinuteReadings(store), io.headroom.views.node.NodePast.NONE));
                    v.showNode(HOST);
                    v.show(feed.refreshNow());
                    return v;
                })
                .get();
        // The store answers on a thread of the page's own; the clock stands still: no second live sample.
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> {
                            view.show(feed.refreshNow());
                            return view.model().pastNote().startsWith("History kept");
                        })
                        .get());

        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> {
                    assertThat(view.model().pastNote()).startsWith("History kept 14 of the last 15 minutes");
                    var first = SparklinePoints.of(view, 0);
                    assertThat(first.points(Metric.UTILIZATION))
                            .as("14 kept minutes and the live second")
                            .isEqualTo(15);
                    assertThat(first.points(Metric.POWER)).isEqualTo(15);
                    assertThat(first.points(Metric.TEMPERATURE)).isEqualTo(15);
                    assertThat(first.points(Metric.MEMORY))
                            .as("memory is not kept per minute")
                            .isEqualTo(1);
                    assertThat(first.gapAt(Metric.UTILIZATION, (NOW_MINUTE - 15 + MISSING) * 60_000L + 30_000L))
                            .as("the minute the agent kept nothing of")
                            .isTrue();
                    assertThat(first.gapAt(Metric.UTILIZATION, (NOW_MINUTE - 15 + MISSING + 1) * 60_000L + 30_000L))
                            .isFalse();
                    WritableImage image = Screenshots.snapshot(view, Theme.LAPTOP_LIGHT, 1600, 900, v -> {});
                    view.dispose();
                    return image;
                })
                .get();
        Screenshots.write(shot, "server-page-from-history-laptop-light.png");
    }
}

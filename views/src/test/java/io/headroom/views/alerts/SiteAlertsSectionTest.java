package io.headroom.views.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeItem;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Alertmanager section of the Alerts page over a stand-in Alertmanager (the real one is exercised by the
 * client's test in node-agent): what it lists, a failure named on the page, and a silence made from an XID
 * incident matching its GPU. Pictures in English and Chinese.
 */
@ExtendWith(ApplicationExtension.class)
class SiteAlertsSectionTest {

    private static final Instant SINCE = Instant.ofEpochMilli(SiteFleet.NOW - 12 * 60_000);

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    /** Answers with {@link #reading}; remembers each silence asked for. */
    private static final class StandIn implements SiteAlerts {
        final AtomicReference<Reading> reading = new AtomicReference<>();
        final CountDownLatch read = new CountDownLatch(1);
        final BlockingQueue<Map<String, String>> silenced = new ArrayBlockingQueue<>(4);

        @Override
        public String address() {
            return "http://alertmanager:9093/";
        }

        @Override
        public Reading read() {
            read.countDown();
            return reading.get();
        }

        @Override
        public String silence(Map<String, String> matchers, Instant until, String comment) {
            assertThat(comment).isNotBlank();
            silenced.add(matchers);
            return "id-1";
        }
    }

    private static final SiteAlerts.Reading READING = new SiteAlerts.Reading(
            List.of(
                    new SiteAlerts.Alert(
                            "HeadroomGpuCriticalXid",
                            "critical",
                            "gpu-h3-c05-n4 GPU 2 · h3-c05",
                            "GPU 2 on gpu-h3-c05-n4 (rack h3-c05) reported critical XID 79: it needs a reset",
                            SINCE,
                            false),
                    new SiteAlerts.Alert(
                            "HeadroomRackInletHot",
                            "warning",
                            "h2-a06",
                            "Rack h2-a06 in h2: inlet air at 29.5 °C, above 27 °C for 5 minutes",
                            SINCE,
                            true)),
            List.of(new SiteAlerts.Silence(
                    "rack=\"h2-a06\"", "ops", "CRAC unit 4 under repair", SINCE.plusSeconds(7200))),
            null);

    @Test
    void listsAlertsAndSilencesAndSilencesAnIncidentsGpu() throws Exception {
        shoot(Locale.US, "alerts-alertmanager.png");
    }

    @Test
    void inChinese() throws Exception {
        shoot(Locale.SIMPLIFIED_CHINESE, "alerts-alertmanager-zh-CN.png");
    }

    @Test
    void aFailureIsNamedOnThePage() throws Exception {
        var standIn = new StandIn();
        standIn.reading.set(new SiteAlerts.Reading(
                List.of(), List.of(), "http://alertmanager:9093/api/v2/alerts: nothing answers there"));
        SiteFleet site = SiteFleet.build(1, 4);
        FleetFeed feed = new FleetFeed(
                site.state, new IdleClassifier(IdleThresholds.DEFAULTS), () -> Instant.ofEpochMilli(SiteFleet.NOW));
        AlertsView view = WaitForAsyncUtils.asyncFx(() -> {
                    var v = new AlertsView(feed, new Messages(Locale.US), new InMemoryAcknowledgements());
                    v.showSiteAlerts(standIn);
                    return v;
                })
                .get();
        assertThat(standIn.read.await(5, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        String status = WaitForAsyncUtils.asyncFx(() -> ((Label) view.lookup("#site-alerts-status")).getText())
                .get();
        assertThat(status).isEqualTo("Not read: http://alertmanager:9093/api/v2/alerts: nothing answers there");
        WaitForAsyncUtils.asyncFx(view::dispose).get();
    }

    private static void shoot(Locale locale, String file) throws Exception {
        var standIn = new StandIn();
        standIn.reading.set(READING);
        SiteFleet site = SiteFleet.build(4, 40);
        FleetFeed feed = new FleetFeed(
                site.state, new IdleClassifier(IdleThresholds.DEFAULTS), () -> Instant.ofEpochMilli(SiteFleet.NOW));
        AlertsView view = WaitForAsyncUtils.asyncFx(() -> {
                    var v = new AlertsView(feed, new Messages(locale), new InMemoryAcknowledgements());
                    v.showSiteAlerts(standIn);
                    site.role("gpu-h3-c05-n4", SiteFleet.Role.XID_79);
                    site.write(SiteFleet.NOW);
                    v.show(feed.refreshNow());
                    return v;
                })
                .get();
        assertThat(standIn.read.await(5, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    @SuppressWarnings("unchecked")
                    ListView<String> alerts = (ListView<String>) view.lookup("#site-alerts-list");
                    assertThat(alerts.getItems()).hasSize(2);
                    assertThat(alerts.getItems().getFirst())
                            .contains("critical", "HeadroomGpuCriticalXid", "gpu-h3-c05-n4 GPU 2");
                    @SuppressWarnings("unchecked")
                    ListView<String> silences = (ListView<String>) view.lookup("#site-silences-list");
                    assertThat(silences.getItems().getFirst()).contains("rack=\"h2-a06\"", "ops");
                    // Pick the XID incident and silence it in Alertmanager.
                    TreeItem<AlertsLine> xid = view.table().getRoot().getChildren().stream()
                            .filter(item -> item.getValue().where().contains("gpu-h3-c05-n4"))
                            .findFirst()
                            .orElseThrow();
                    view.table().getSelectionModel().select(xid);
                    return Screenshots.snapshot(view, Theme.LAPTOP_LIGHT, 1600, 900, v -> {});
                })
                .get();
        Screenshots.write(image, file);
        WaitForAsyncUtils.asyncFx(() -> ((Button) view.lookup("#site-alerts-silence")).fire())
                .get();
        Map<String, String> matchers = standIn.silenced.poll(5, TimeUnit.SECONDS);
        assertThat(matchers).containsEntry("hostname", "gpu-h3-c05-n4").containsKey("uuid");
        assertThat(matchers.get("uuid")).isNotBlank();
        WaitForAsyncUtils.asyncFx(view::dispose).get();
    }
}

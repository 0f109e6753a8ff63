package io.headroom.views.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.alerts.InMemoryAcknowledgements;
import io.headroom.core.alerts.IncidentScope;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import io.headroom.views.live.FleetFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the incident list: a hot rack opened onto its throttling GPUs, a GPU fallen off
 * the bus (XID 79 and missing, one incident), a silenced incident shown under its filter.
 */
@ExtendWith(ApplicationExtension.class)
class IncidentsScreenshotTest {

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    @Test
    void laptopLight() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "incidents-laptop-light.png");
    }

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "incidents-wall-dark.png");
    }

    @Test
    void laptopLightInChinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, "incidents-laptop-light-zh-CN.png");
    }

    private static void shoot(Theme theme, Locale locale, String file) throws Exception {
        // One hall of 30 racks: few enough incidents that the hot rack and the silenced node show.
        SiteFleet site = SiteFleet.build(1, 30);
        FleetLayout layout = site.layout();
        // Every node of the hot rack has a GPU throttling in the warm air.
        for (int node = 0; node < layout.nodeCount(); node++) {
            if (layout.rackOfNode(node) == site.hotRack) {
                site.role(layout.node(node).hostname(), SiteFleet.Role.HOT_GPU);
            }
        }
        AtomicLong clock = new AtomicLong(SiteFleet.NOW - 9 * 60_000);
        FleetFeed feed = new FleetFeed(
                site.state, new IdleClassifier(IdleThresholds.DEFAULTS), () -> Instant.ofEpochMilli(clock.get()));
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
                    AlertsView view = new AlertsView(feed, new Messages(locale), new InMemoryAcknowledgements());
                    for (long at : new long[] {SiteFleet.NOW - 9 * 60_000, SiteFleet.NOW - 2 * 60_000, SiteFleet.NOW}) {
                        if (at == SiteFleet.NOW) {
                            site.role("gpu-h1-c05-n4", SiteFleet.Role.XID_79);
                        }
                        clock.set(at);
                        site.write(at);
                        view.show(feed.refreshNow());
                    }
                    AlertsViewModel model = view.model();
                    IncidentRow rack = model.rows().stream()
                            .filter(row -> row.incident().scope() == IncidentScope.RACK
                                    && row.parts().size() > 1)
                            .findFirst()
                            .orElseThrow();
                    IncidentRow bus = model.rows().stream()
                            .filter(row -> row.where().startsWith("gpu-h1-c05-n4"))
                            .findFirst()
                            .orElseThrow();
                    IncidentRow quiet = model.rows().stream()
                            .filter(row -> row.incident().scope() == IncidentScope.NODE)
                            .findFirst()
                            .orElseThrow();
                    // The silent rack's other nodes acknowledged: the on-call knows, the list stays short.
                    model.rows().stream()
                            .filter(row -> row.incident().scope() == IncidentScope.NODE && row != quiet)
                            .toList()
                            .forEach(model::acknowledge);
                    model.showSilencedProperty().set(true);
                    model.silence(
                            quiet,
                            Duration.ofHours(4),
                            locale.getLanguage().equals("zh") ? "机柜断电检修" : "Rack powered off for PDU work");
                    WritableImage shot = Screenshots.snapshot(view, theme, 1600, 1000, v -> {
                        v.expand(rack, true);
                        v.expand(bus, true);
                        v.table().getSelectionModel().select(1);
                    });
                    assertThat(rack.parts()).hasSizeGreaterThanOrEqualTo(9);
                    assertThat(bus.parts()).hasSize(2);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

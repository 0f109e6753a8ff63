package io.headroom.views.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.Screenshots;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** When part of the history could not be read (a site's TSDB down), the page shows the rest and says what. */
@ExtendWith(ApplicationExtension.class)
class IdleHistoryShortfallTest {

    private static final Instant NOW = Instant.parse("2026-03-09T10:30:00Z");
    private static final String DOWN =
            "TSDB http://prometheus:9090/api/v1/query_range: nothing answers there (connection refused)";

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    private static final IdleHistory STORE_ONLY = new IdleHistory() {
        @Override
        public List<IdleHour> idleByHour(Grouping by, Instant from, Instant to) {
            List<IdleHour> cells = new ArrayList<>();
            // The console ran for the last 20 hours only.
            for (Instant hour = to.minusSeconds(20 * 3600); hour.isBefore(to); hour = hour.plusSeconds(3600)) {
                for (int rack = 1; rack <= 8; rack++) {
                    cells.add(new IdleHour("h1-a0" + rack, hour, 0.1 * rack, 0.03 * rack, 64));
                }
            }
            return cells;
        }

        @Override
        public Reading read(Grouping by, Instant from, Instant to) {
            return new Reading(idleByHour(by, from, to), DOWN);
        }
    };

    @Test
    void theStatusSaysWhatWasNotReadBesideWhatWas() throws Exception {
        shoot(Locale.US, "idle-by-hour-tsdb-down.png", "8 rows", "not read: " + DOWN);
    }

    @Test
    void andSaysItInChinese() throws Exception {
        shoot(Locale.SIMPLIFIED_CHINESE, "idle-by-hour-tsdb-down-zh-CN.png", "8 行", "未能读取：" + DOWN);
    }

    private void shoot(Locale locale, String file, String... expected) throws Exception {
        var image = WaitForAsyncUtils.asyncFx(() -> {
                    IdleHistoryView view = new IdleHistoryView(
                            STORE_ONLY, new Messages(locale), InstantSource.fixed(NOW), ZoneId.of("UTC"));
                    var shot = Screenshots.snapshot(view, Theme.LAPTOP_LIGHT, 1600, 500, v -> {
                        v.choose(Grouping.RACK, HistoryRange.DAY);
                        v.reloadNow();
                    });
                    Label status = (Label) view.lookup("#history-status");
                    assertThat(status.getText()).contains(expected);
                    assertThat(status.getTooltip().getText()).isEqualTo(status.getText());
                    assertThat(view.grid().groups()).hasSize(8);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

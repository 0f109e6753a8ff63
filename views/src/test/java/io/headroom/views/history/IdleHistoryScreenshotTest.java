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
import java.util.Random;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of "Idle by hour" for people to look at: 40 racks over a week in which a few racks
 * idle every night and one training block empties at the weekend. Asserts only that every
 * rack got a row.
 */
@ExtendWith(ApplicationExtension.class)
class IdleHistoryScreenshotTest {

    private static final Instant NOW = Instant.parse("2026-03-09T10:30:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Start
    void start(Stage stage) {
        // Snapshots need the toolkit, not a window.
    }

    private static final IdleHistory WEEK_OF_RACKS = (by, from, to) -> {
        Random random = new Random(7);
        List<IdleHour> cells = new ArrayList<>();
        for (int rack = 1; rack <= 40; rack++) {
            String name = "h%d-%s%02d"
                    .formatted(1 + (rack - 1) / 20, (char) ('a' + (rack - 1) % 20 / 10), 1 + (rack - 1) % 10);
            for (Instant hour = from; hour.isBefore(to); hour = hour.plusSeconds(3600)) {
                var local = hour.atZone(SHANGHAI);
                double idle = 0.15 + random.nextGaussian() * 0.08;
                if (rack % 7 == 3 && (local.getHour() < 7 || local.getHour() >= 23)) {
                    idle = 0.85 + random.nextGaussian() * 0.05; // inference racks nobody uses at night
                }
                if (rack >= 30 && rack < 36 && local.getDayOfWeek().getValue() >= 6) {
                    idle = 0.95; // a training block left empty at the weekend
                }
                cells.add(new IdleHour(name, hour, Math.clamp(idle, 0, 1), Math.clamp(idle / 3, 0, 1), 64));
            }
        }
        return cells;
    };

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "idle-by-hour-wall-dark.png");
    }

    @Test
    void laptopLightInChinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, "idle-by-hour-laptop-light-zh-CN.png");
    }

    private void shoot(Theme theme, Locale locale, String file) throws Exception {
        var image = WaitForAsyncUtils.asyncFx(() -> {
                    IdleHistoryView view = new IdleHistoryView(
                            WEEK_OF_RACKS, new Messages(locale), InstantSource.fixed(NOW), SHANGHAI);
                    var shot = Screenshots.snapshot(view, theme, 1600, 700, v -> {
                        v.choose(Grouping.RACK, HistoryRange.WEEK);
                        v.reloadNow();
                    });
                    assertThat(view.grid().groups()).hasSize(40);
                    view.dispose();
                    return shot;
                })
                .get();
        Screenshots.write(image, file);
    }
}

package io.headroom.views.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.views.operations.QuietDesk;
import io.headroom.views.overview.CardHourUtilization;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** What a shell offers follows what it was built with: pages for operations and history only when given, never on the wall. */
@ExtendWith(ApplicationExtension.class)
class ConsoleShellBuilderTest {

    private final TestFleet fleet = TestFleet.of(1, 1, 2, 2, 4, 0);
    private final ConnectionBoard board = new ConnectionBoard(List.of("relay:7443"));
    private final ConsoleHistory history =
            new ConsoleHistory((by, from, to) -> List.of(), now -> new CardHourUtilization(0.5, 0.5), ZoneOffset.UTC);
    private ConsoleShell shell;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need; each builds its own shell.
    }

    @AfterEach
    void dispose() throws Exception {
        if (shell != null) {
            onFx(() -> {
                shell.dispose();
                return null;
            });
        }
    }

    private ConsoleShellBuilder builder() {
        return ConsoleShell.builder(fleet.state, new IdleClassifier(IdleThresholds.DEFAULTS), board)
                .locale(Locale.US);
    }

    @Test
    void leftUnsetItIsALaptopConsoleWithNoOperationsAndNoHistory() throws Exception {
        shell = onFx(() -> builder().build());

        assertThat(onFx(this::tabTitles)).containsExactly("Overview", "Racks", "Server", "Alerts", "Idle holders");
        assertThat(onFx(() -> shell.operations())).isNull();
        assertThat(onFx(() -> shell.history())).isNull();
        assertThat(shell.wall()).isNull();
    }

    @Test
    void operationsAndHistoryEachAddTheirPage() throws Exception {
        shell = onFx(
                () -> builder().operations(new QuietDesk()).history(history).build());

        assertThat(onFx(this::tabTitles))
                .containsExactly("Overview", "Racks", "Server", "Alerts", "Operations", "Idle by hour", "Idle holders");
        assertThat(onFx(() -> shell.operations())).isNotNull();
        assertThat(onFx(() -> shell.history())).isNotNull();
    }

    @Test
    void theWallRotatesAndOffersNeitherWhateverItIsGiven() throws Exception {
        shell = onFx(() -> builder()
                .wall(true)
                .operations(new QuietDesk())
                .history(history)
                .build());

        assertThat(shell.wall()).isNotNull();
        assertThat(shell.getCenter()).isSameAs(shell.wall());
        assertThat(onFx(() -> shell.operations())).isNull();
        assertThat(onFx(() -> shell.history())).isNull();
    }

    @Test
    void nullIsNotAWayToSayNone() {
        ConsoleShellBuilder builder = builder();

        assertThatNullPointerException()
                .isThrownBy(() -> builder.operations(null))
                .withMessage("operations");
        assertThatNullPointerException().isThrownBy(() -> builder.history(null)).withMessage("history");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.acknowledgements(null))
                .withMessage("acknowledgements");
    }

    private List<String> tabTitles() {
        return ((TabPane) shell.getCenter())
                .getTabs().stream().map(Tab::getText).toList();
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }
}

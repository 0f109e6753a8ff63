package io.headroom.views.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.SiteFleet;
import io.headroom.core.search.FleetSearch;
import io.headroom.core.search.SearchHit;
import io.headroom.core.search.SearchHit.Kind;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Typing into the real search box on a headless stage. */
@ExtendWith(ApplicationExtension.class)
class SearchFieldTest {

    private final List<SearchHit> chosen = new CopyOnWriteArrayList<>();
    private SiteFleet site;
    private SearchField search;
    private StackPane root;

    @Start
    void start(Stage stage) {
        site = SiteFleet.build(2, 40);
        search = new SearchField(site.state, new Messages(Locale.US));
        search.setOnHit(chosen::add);
        root = new StackPane(new VBox(search));
        Scene scene = new Scene(root, 900, 600);
        scene.getStylesheets().setAll(Theme.LAPTOP_LIGHT.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void enterGoesToTheFirstMatch(FxRobot robot) {
        robot.clickOn("#search-field").write("gpu-h2-c04-n7").type(KeyCode.ENTER);

        assertThat(chosen).singleElement().satisfies(hit -> {
            assertThat(hit.kind()).isEqualTo(Kind.HOSTNAME);
            assertThat(hit.nodeIndex()).isEqualTo(site.layout().nodeIndex("gpu-h2-c04-n7"));
        });
    }

    @Test
    void arrowsChooseAmongTheMatches(FxRobot robot) {
        robot.clickOn("#search-field").write("H1-D05");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(search.hits()).extracting(SearchHit::kind).startsWith(Kind.RACK, Kind.HOSTNAME);
        assertThat(search.hitList().getScene().getWindow().isShowing()).isTrue();

        robot.type(KeyCode.DOWN).type(KeyCode.DOWN).type(KeyCode.ENTER);

        assertThat(chosen).singleElement().extracting(SearchHit::text).isEqualTo("gpu-h1-d05-n1");
        assertThat(search.hitList().getScene().getWindow().isShowing())
                .as("closed after choosing")
                .isFalse();
    }

    @Test
    void aRackPositionGoesToTheServerInThatUnit(FxRobot robot) {
        robot.clickOn("#search-field").write("h2-b02 u33").type(KeyCode.ENTER);

        assertThat(chosen).singleElement().satisfies(hit -> {
            assertThat(hit.kind()).isEqualTo(Kind.RACK_UNIT);
            assertThat(hit.nodeIndex()).isEqualTo(site.layout().nodeIndex("gpu-h2-b02-n7"));
        });
    }

    @Test
    void theIndexIsBuiltOncePerInventoryNotPerKeystroke(FxRobot robot) {
        robot.clickOn("#search-field").write("SN24");
        FleetSearch first = search.index();
        robot.write("000");
        assertThat(search.index()).isSameAs(first);

        robot.interact(() -> site.state.install(SiteFleet.build(1, 10).layout().inventory()));
        robot.write("1");
        assertThat(search.index()).isNotSameAs(first);
        assertThat(search.index().layout()).isSameAs(site.layout());
    }

    @Test
    void inChineseThePromptIsChinese(FxRobot robot) {
        robot.interact(
                () -> root.getChildren().setAll(new SearchField(site.state, new Messages(Locale.SIMPLIFIED_CHINESE))));

        assertThat(robot.lookup("#search-field").queryTextInputControl().getPromptText())
                .startsWith("查找主机名");
    }

    @Test
    void theMatchesStayInsideTheWindowWhenTheFieldIsAtItsRightEdge(FxRobot robot) {
        robot.interact(() -> {
            javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
            javafx.scene.layout.HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
            root.getChildren().setAll(new VBox(new javafx.scene.layout.HBox(spacer, search)));
        });
        robot.clickOn("#search-field").write("gpu-h1");
        WaitForAsyncUtils.waitForFxEvents();

        var popup = search.hitList().getScene().getWindow();
        var scene = search.getScene();
        assertThat(popup.isShowing()).isTrue();
        assertThat(search.hitList().getWidth())
                .as("the list is wider than the field, so under the field it would run past the edge")
                .isGreaterThan(search.getWidth());
        assertThat(popup.getX() + popup.getWidth())
                .as("the list's right edge")
                .isLessThanOrEqualTo(scene.getWindow().getX() + scene.getX() + scene.getWidth() + 1);
    }
}

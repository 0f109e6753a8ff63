package io.headroom.app.gallery;

import io.headroom.app.ConsoleApp;
import io.headroom.app.ConsoleExtension;
import io.headroom.app.gallery.GalleryIndex.Picture;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.history.BackfillProgress;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.views.operations.OperationDialog;
import io.headroom.views.search.SearchField;
import io.headroom.views.shell.ConsoleShell;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.stage.Window;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The screenshot gallery of the docs: every page of the console (each tab as the console has
 * them now, the search open, a drain dialog, the wall) in every theme and both languages, into
 * {@code docs/screenshots/pages/<language>/<theme>/<page>.png}, and {@code docs/screenshots.md}
 * listing them. The real console on its embedded simulated fleet (seed 42) after it has filled a
 * week of history from its agent and queued one drain. Runs only when asked (minutes):
 *
 * <pre>{@code ./mvnw -o -B -Pquick -pl app -am test -Dtest=PageGallery -Dgallery=true -Dsurefire.failIfNoSpecifiedTests=false}</pre>
 */
@EnabledIfSystemProperty(named = "gallery", matches = "true")
class PageGallery {

    private static final Logger log = LoggerFactory.getLogger(PageGallery.class);

    static final String COMMAND = "./mvnw -o -B -Pquick -pl app -am test -Dtest=PageGallery -Dgallery=true"
            + " -Dsurefire.failIfNoSpecifiedTests=false";
    /** A site with every vendor's hall (the embedded fleet's mix) that still starts in seconds. */
    private static final int GPUS = 2048;
    /** The laptop window's size (the console opens at it) and the wall's screen. */
    private static final int PAGE_WIDTH = 1600;

    private static final int PAGE_HEIGHT = 900;
    /**
     * The wall's window. A 1080p wall would be 1920 x 1080, but JavaFX's headless platform paints
     * windows into a 1000 x 1000 frame buffer and fails on one with more than 1000 rows; the wall
     * is pictured at the laptop's size, as the wall pictures in console.md are.
     */
    private static final int WALL_WIDTH = 1600;

    private static final int WALL_HEIGHT = 900;
    /** Long enough for a page's refreshes after it is brought to the front (they run a few times a second). */
    private static final long SETTLE_MILLIS = 1_500;
    /** What Idle by hour shows by default is a week: a week of hours and the current ones. */
    private static final int WEEK_OF_HOURS = 7 * 24 + 2;
    /** How long one step may take: minutes, on a machine other builds keep busy. */
    private static final Duration FX_PATIENCE = Duration.ofMinutes(3);

    /** Each tab's title key and the picture's name; a tab not named here still gets a picture ("page-N"). */
    private static final Map<String, String> TABS = new LinkedHashMap<>();

    static {
        TABS.put("shell.tab.overview", "overview");
        TABS.put("shell.tab.racks", "racks");
        TABS.put("shell.tab.node", "server");
        TABS.put("shell.tab.alerts", "alerts");
        TABS.put("shell.tab.operations", "operations");
        TABS.put("shell.tab.history", "idle-by-hour");
        TABS.put("shell.tab.holders", "idle-holders");
        TABS.put("shell.tab.showback", "showback");
    }

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(GPUS);

    /** What the runs took, language by language, for docs/screenshots.md once both are done. */
    private static final List<Picture> PICTURES = new ArrayList<>();

    private static TimeZone zone;

    @BeforeAll
    static void startAfresh() throws IOException {
        deleteRecursively(pages()); // a page gone from the console leaves no picture behind
        PICTURES.clear();
        zone = TimeZone.getDefault();
        // The hours on Idle by hour and Showback are read in the system's zone: the same on every machine.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void writeTheGalleryPage() throws IOException {
        TimeZone.setDefault(zone);
        List<String> languages =
                PICTURES.stream().map(Picture::language).distinct().toList();
        GalleryIndex.write(repositoryRoot().resolve("docs"), languages, PICTURES, COMMAND, GPUS);
        log.info("gallery: {} pictures under {}", PICTURES.size(), pages());
    }

    static Stream<Locale> languages() {
        return Messages.LANGUAGES.stream();
    }

    /** One language: a console of its own on a profile of its own, so nothing queued in one shows in the other. */
    @ParameterizedTest
    @MethodSource("languages")
    void everyPageInEveryTheme(Locale locale) throws Exception {
        String language = locale.toLanguageTag();
        List<Picture> wall = new ArrayList<>();
        wall(locale, language, pages(), wall);
        List<Picture> laptop = new ArrayList<>();
        laptop(locale, language, pages(), laptop);
        synchronized (PICTURES) {
            PICTURES.addAll(laptop);
            PICTURES.addAll(wall); // the wall's row last in the table
        }
    }

    private static Path pages() {
        return repositoryRoot().resolve("docs").resolve("screenshots").resolve("pages");
    }

    /** Every tab, the search open and a drain dialog, in each theme, in the console's own 1600x900 window. */
    private void laptop(Locale locale, String language, Path pages, List<Picture> pictures) throws Exception {
        ConsoleApp app =
                console.theme(Theme.LAPTOP_LIGHT).locale(locale).wall(false).start();
        ready(app);
        FleetLayout layout = app.live().fleet().layout();
        int server = serverToShow(layout);
        int drained = (server + layout.nodeCount() / 2) % layout.nodeCount();
        queueDrain(app, drained, reason(locale));
        Messages messages = new Messages(locale);
        ConsoleShell shell = app.view();
        Scene scene = fx(shell::getScene);
        until(
                "the console's window at " + PAGE_WIDTH + "x" + PAGE_HEIGHT,
                () -> scene.getWidth() == PAGE_WIDTH && scene.getHeight() == PAGE_HEIGHT,
                () -> scene.getWidth() + "x" + scene.getHeight());
        fx(() -> {
            shell.openNode(server);
            return null;
        });
        for (Theme theme : Theme.values()) {
            fx(() -> {
                scene.getStylesheets().setAll(theme.stylesheet());
                return null;
            });
            int tabCount = fx(() -> tabs(shell).getTabs().size());
            for (int tab = 0; tab < tabCount; tab++) {
                int shown = tab;
                String title = fx(() -> {
                    shell.showTab(shown);
                    return tabs(shell).getTabs().get(shown).getText();
                });
                String page = pageName(messages, title, tab);
                prepare(shell, page);
                settle();
                save(picture(scene), pages, language, theme, page, pictures);
            }
            fx(() -> {
                shell.showTab(0);
                // JavaFX's headless screen is 1000 px wide and centres the window past its left edge; the
                // search's list, kept on the screen, would then sit off the field: the window at the corner.
                scene.getWindow().setX(0);
                scene.getWindow().setY(0);
                return null;
            });
            settle();
            save(withSearchOpen(shell, scene, searchFor(layout, server)), pages, language, theme, "search", pictures);
            save(
                    withDrainDialog(shell, scene, server, reason(locale)),
                    pages,
                    language,
                    theme,
                    "drain-dialog",
                    pictures);
        }
        console.stop();
    }

    /**
     * The wall's first turn (the overview's tiles) in each theme: a console started with --wall,
     * its window sized to {@link #WALL_WIDTH} x {@link #WALL_HEIGHT} (the console sizes a wall's
     * window to its screen when full screen is not granted, here JavaFX's 1000 x 1000 headless one).
     */
    private void wall(Locale locale, String language, Path pages, List<Picture> pictures) throws Exception {
        ConsoleApp app =
                console.theme(Theme.WALL_DARK).locale(locale).wall(true).start();
        until("the inventory on the wall", () -> app.live().fleet().layout().gpuCount() == GPUS);
        until("who holds the GPUs", () -> app.live().workloads().size() > 0);
        ConsoleShell shell = app.view();
        Scene scene = fx(shell::getScene);
        Thread.sleep(2 * SETTLE_MILLIS); // the console's own answer to full screen not granted comes first
        fx(() -> {
            var window = scene.getWindow();
            window.setWidth(WALL_WIDTH);
            window.setHeight(WALL_HEIGHT);
            window.setX(0);
            window.setY(0);
            return null;
        });
        until(
                "the wall at " + WALL_WIDTH + "x" + WALL_HEIGHT,
                () -> scene.getWidth() == WALL_WIDTH && scene.getHeight() == WALL_HEIGHT,
                () -> scene.getWidth() + "x" + scene.getHeight());
        Thread.sleep(2 * SETTLE_MILLIS); // the tiles' first values at this size
        for (Theme theme : Theme.values()) {
            fx(() -> {
                scene.getStylesheets().setAll(theme.stylesheet());
                return null;
            });
            settle();
            fx(() -> {
                shell.wall().setTranslateX(0); // the burn-in shift, off for the picture
                shell.wall().setTranslateY(0);
                return null;
            });
            save(picture(scene), pages, language, theme, "wall", pictures);
        }
        console.stop();
    }

    /** Inventory, holders, alerts, a week of history and the showback figures: no page empty. */
    private static void ready(ConsoleApp app) throws Exception {
        until("the inventory", () -> app.live().fleet().layout().gpuCount() == GPUS);
        until("who holds the GPUs", () -> app.live().workloads().size() > 0);
        until(
                "open alerts",
                () -> tabs(app.view()).getTabs().stream()
                        .anyMatch(tab -> tab.getContent() instanceof io.headroom.views.alerts.AlertsView alerts
                                && !alerts.shownIncidents().isEmpty()));
        BackfillProgress backfill = app.live().backfillProgress();
        Awaitility.await("a week of idle history from the agent")
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> backfill.done() >= WEEK_OF_HOURS || backfill.phase() == BackfillProgress.Phase.DONE);
        log.info("gallery: history filled, {} of {} hours", backfill.done(), backfill.total());
    }

    /** An NVIDIA server cut into MIG slices, the first in the layout: the server page at its fullest. */
    private static int serverToShow(FleetLayout layout) {
        for (int n = 0; n < layout.nodeCount(); n++) {
            var first = layout.node(n).accelerators().getFirst();
            if (first.vendor() == io.headroom.core.fleet.Vendor.NVIDIA
                    && !first.slices().isEmpty()) {
                return n;
            }
        }
        return 0;
    }

    /** The operator's reason, in the operator's language. */
    private static String reason(Locale locale) {
        return locale.getLanguage().equals("zh")
                ? "\u66f4\u6362 GPU 3\uff08XID 79\uff09\uff0cOPS-1234"
                : "replace GPU 3 after XID 79, OPS-1234";
    }

    /** A drain queued through the server page's dialog, so that the Operations page has rows. */
    private static void queueDrain(ConsoleApp app, int node, String reason) throws Exception {
        String host = app.live().fleet().layout().node(node).hostname();
        until(
                "the agent that reports " + host,
                () -> app.live().client().channelFor(host).isPresent());
        OperationDialog dialog = openDrain(app.view(), node, reason);
        fx(() -> {
            ((Button) dialog.getDialogPane().lookup("#operation-queue")).fire();
            return null;
        });
        until("the drain of " + host + " queued", () -> !dialog.isShowing());
    }

    /** The server page's Drain, its dialog with the dry-run plan and a reason in it. */
    private static OperationDialog openDrain(ConsoleShell shell, int node, String reason) throws Exception {
        fx(() -> {
            shell.openNode(node);
            var actions = (HBox) shell.node().lookup("#node-actions");
            ((Button) actions.getChildren().getFirst()).fire();
            return null;
        });
        OperationDialog dialog = fx(ConsoleExtension::openDialog);
        until(
                "the dry-run plan",
                () -> dialog.form().lookup("#operation-plan") instanceof TextArea plan
                        && !plan.getText().isBlank());
        fx(() -> {
            ((TextArea) dialog.form().lookup("#operation-reason")).setText(reason);
            return null;
        });
        return dialog;
    }

    /** The Drain dialog over the server page, where the operator sees it. */
    private static BufferedImage withDrainDialog(ConsoleShell shell, Scene scene, int node, String reason)
            throws Exception {
        OperationDialog dialog = openDrain(shell, node, reason);
        settle();
        BufferedImage page = picture(scene);
        BufferedImage pane = GalleryPng.pixels(fx(() -> {
            dialog.getDialogPane().applyCss();
            dialog.getDialogPane().layout();
            return dialog.getDialogPane().snapshot(null, null);
        }));
        fx(() -> {
            dialog.close();
            if (dialog.isShowing()) {
                dialog.getDialogPane().getScene().getWindow().hide();
            }
            return null;
        });
        until("the drain dialog closed", () -> !dialog.isShowing());
        return GalleryPng.overlay(
                page,
                pane,
                Math.max(0, (page.getWidth() - pane.getWidth()) / 2),
                Math.max(0, (page.getHeight() - pane.getHeight()) / 2));
    }

    /** What a technician types to find the server: its name less its last two letters, so several match. */
    private static String searchFor(FleetLayout layout, int node) {
        String host = layout.node(node).hostname();
        return host.substring(0, Math.max(1, host.length() - 2));
    }

    /** The overview with {@code text} typed into the search and its list of matches open below. */
    private static BufferedImage withSearchOpen(ConsoleShell shell, Scene scene, String text) throws Exception {
        TextField field = fx(() -> (TextField) shell.lookup("#search-field"));
        SearchField search = fx(() -> (SearchField) field.getParent());
        fx(() -> {
            field.requestFocus();
            field.setText(text);
            search.hitList().getSelectionModel().select(0);
            return null;
        });
        until(
                "the search's matches",
                () -> search.hitList().getScene() != null
                        && search.hitList().getScene().getWindow() != null
                        && search.hitList().getScene().getWindow().isShowing());
        settle();
        BufferedImage page = picture(scene);
        int[] at = new int[2];
        BufferedImage list = GalleryPng.pixels(fx(() -> {
            Window popup = search.hitList().getScene().getWindow();
            Window owner = scene.getWindow();
            at[0] = (int) Math.round(popup.getX() - owner.getX() - scene.getX());
            at[1] = (int) Math.round(popup.getY() - owner.getY() - scene.getY());
            return search.hitList().getScene().snapshot(null);
        }));
        fx(() -> {
            field.setText("");
            search.hitList().getScene().getWindow().hide();
            return null;
        });
        return GalleryPng.overlay(page, list, Math.max(0, at[0]), Math.max(0, at[1]));
    }

    /**
     * What a page needs before its picture, beyond being brought to the front: Idle by hour its
     * hours read, Idle holders its first row picked (the workload's GPUs listed below), Showback
     * its figures. Other pages show what they have at once.
     */
    private static void prepare(ConsoleShell shell, String page) throws Exception {
        switch (page) {
            case "idle-by-hour" -> {
                fx(() -> {
                    shell.history().reloadNow();
                    return null;
                });
                until(
                        "Idle by hour's hours",
                        () -> !shell.history().grid().groups().isEmpty());
            }
            case "idle-holders" -> {
                until(
                        "held-idle holders on the page",
                        () -> !shell.idleHolders().table().getItems().isEmpty());
                fx(() -> {
                    shell.idleHolders().table().getSelectionModel().select(0);
                    return null;
                });
            }
            case "showback" ->
                until(
                        "the showback figures",
                        () -> !shell.showback().table().getItems().isEmpty());
            default -> {}
        }
    }

    private static String pageName(Messages messages, String title, int tab) {
        for (var entry : TABS.entrySet()) {
            if (messages.has(entry.getKey()) && messages.get(entry.getKey()).equals(title)) {
                return entry.getValue();
            }
        }
        log.warn("gallery: tab {} ('{}') is not named in PageGallery.TABS; its picture is page-{}", tab, title, tab);
        return "page-" + tab;
    }

    private static BufferedImage picture(Scene scene) throws Exception {
        return GalleryPng.pixels(fx(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return scene.snapshot(null);
        }));
    }

    private static void save(
            BufferedImage image, Path pages, String language, Theme theme, String page, List<Picture> pictures)
            throws IOException {
        Path file = pages.resolve(language).resolve(theme.id()).resolve(page + ".png");
        GalleryPng.write(image, file);
        pictures.add(new Picture(language, theme, page));
        log.info("gallery: {} ({} KiB)", file, Files.size(file) / 1024);
    }

    /**
     * Runs {@code read} on the FX thread and returns what it returned, allowing the minutes a busy
     * machine may take (never run twice: an action is not repeated).
     */
    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(FX_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code condition}, read on the FX thread, holds. */
    private static void until(String what, Callable<Boolean> condition) {
        Awaitility.await(what)
                .atMost(FX_PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> fx(condition));
    }

    /** As {@link #until(String, Callable)}; a wait that times out says what {@code shown} read last. */
    private static void until(String what, Callable<Boolean> condition, Callable<String> shown) {
        Awaitility.await(what)
                .atMost(FX_PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(fx(condition))
                        .as(() -> {
                            try {
                                return "on screen: " + fx(shown);
                            } catch (Exception e) {
                                return "(could not be read: " + e + ")";
                            }
                        })
                        .isTrue());
    }

    private static TabPane tabs(ConsoleShell shell) {
        return (TabPane) shell.lookup(".tab-pane");
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    /** The checkout's root: the folder above the module that holds mvnw. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no folder holding mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

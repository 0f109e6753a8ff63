package io.headroom.views.wall;

import io.headroom.views.Messages;
import io.headroom.views.connection.ConnectionBarViewModel;
import io.headroom.views.connection.LinkState;
import io.headroom.views.live.WhileShown;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.util.Subscription;

/**
 * A NOC wall: shows its pages one after another (overview, heatmap, alerts, ...), nudges
 * everything a few pixels every few minutes so that static chrome does not burn into the
 * panels, and puts a full-width banner across the top whenever what is shown is not live.
 * It never opens a dialog: nobody is at a wall to close one.
 *
 * <p>Pages stay in the scene while hidden, so views that read the fleet while showing keep
 * their data current for their turn. A one-second timeline calls {@link #tick} while the
 * wall is showing; tests call it themselves with the times they want.
 */
public final class WallRotation extends BorderPane {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** How often the content moves, and the path it takes: small steps around its home. */
    static final Duration SHIFT_EVERY = Duration.ofMinutes(3);

    static final int[][] SHIFTS = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {-4, 4}, {-4, 0}, {-4, -4}, {0, -4}, {4, -4}};

    private final List<Node> pages;
    /** One entry per turn of the rotation: a page, and which of its parts when it has several. */
    private final List<Turn> turns = new java.util.ArrayList<>();

    private final long intervalMillis;
    private final Messages messages;
    private final ConnectionBarViewModel link;
    private final Label banner = new Label();
    private final StackPane stage = new StackPane();
    private final Subscription watching;
    private final Subscription ticking;
    private long pageShownAt = Long.MIN_VALUE;
    private long lastShiftAt = Long.MIN_VALUE;
    private int current;
    private int shift;

    /**
     * @param pages    shown in turn; the wall becomes their parent
     * @param interval how long each page stays
     * @param link     the console's connection state, for the banner
     */
    public WallRotation(
            List<? extends Node> pages,
            Duration interval,
            ConnectionBarViewModel link,
            Messages messages,
            InstantSource clock) {
        if (pages.isEmpty() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a wall needs at least one page and a positive interval");
        }
        this.pages = List.copyOf(pages);
        for (Node page : this.pages) {
            int parts = page instanceof WallParts multi ? multi.wallParts() : 1;
            for (int part = 0; part < parts; part++) {
                turns.add(new Turn(page, part));
            }
        }
        this.intervalMillis = interval.toMillis();
        this.messages = messages;
        this.link = link;
        getStyleClass().add("hr-wall");
        banner.setId("wall-banner");
        banner.getStyleClass().add("hr-wall-banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        stage.getChildren().addAll(this.pages);
        setTop(banner);
        setCenter(stage);
        showPage(0);

        watching = link.linkProperty()
                .subscribe(state -> updateBanner())
                .and(link.dataStaleProperty().subscribe(stale -> updateBanner()))
                .and(link.dataAgeTextProperty().subscribe(age -> updateBanner()));
        Timeline timeline = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), event -> tick(clock.millis())));
        timeline.setCycleCount(Animation.INDEFINITE);
        ticking = WhileShown.run(this, () -> {
            timeline.play();
            return timeline::stop;
        });
    }

    /** Moves on when the page's time is up, and nudges the content when its time is up. FX thread. */
    public void tick(long nowMillis) {
        if (pageShownAt == Long.MIN_VALUE) {
            pageShownAt = nowMillis;
            lastShiftAt = nowMillis;
            return;
        }
        if (nowMillis - pageShownAt >= intervalMillis) {
            showPage((current + 1) % turns.size());
            pageShownAt = nowMillis;
        }
        if (nowMillis - lastShiftAt >= SHIFT_EVERY.toMillis()) {
            shift = (shift + 1) % SHIFTS.length;
            lastShiftAt = nowMillis;
            // The whole wall moves, banner included: it is as static as anything else.
            setTranslateX(SHIFTS[shift][0]);
            setTranslateY(SHIFTS[shift][1]);
        }
    }

    /** The turn shown now: pages with several parts ({@link WallParts}) count once per part. */
    public int currentPage() {
        return current;
    }

    public Point2D contentShift() {
        return new Point2D(getTranslateX(), getTranslateY());
    }

    public boolean bannerShowing() {
        return banner.isVisible();
    }

    public String bannerText() {
        return banner.getText();
    }

    /** Stops the timer and lets go of the connection model, which outlives the wall. FX thread. */
    public void dispose() {
        ticking.unsubscribe();
        watching.unsubscribe();
    }

    // Scene-graph nodes are compared by identity: is this the very node on screen.
    @SuppressWarnings("ReferenceEquality")
    private void showPage(int index) {
        current = index;
        Turn turn = turns.get(index);
        for (Node page : pages) {
            page.setVisible(page == turn.page());
        }
        if (turn.page() instanceof WallParts multi) {
            multi.showWallPart(turn.part());
        }
    }

    private record Turn(Node page, int part) {}

    private void updateBanner() {
        LinkState state = link.linkProperty().get();
        boolean offline = state == LinkState.OFFLINE;
        boolean show = offline || link.dataStaleProperty().get();
        banner.setText(
                !show
                        ? ""
                        : messages.format(
                                offline ? "wall.banner.offline" : "wall.banner.stale",
                                link.dataAgeTextProperty().get()));
        banner.setVisible(show);
        banner.setManaged(show);
    }
}

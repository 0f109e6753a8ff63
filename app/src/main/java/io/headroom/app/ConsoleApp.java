package io.headroom.app;

import io.headroom.app.alerts.PersistedAcknowledgements;
import io.headroom.app.alerts.PersistedSilences;
import io.headroom.app.history.StoreCardHours;
import io.headroom.app.history.StoreIdleHistory;
import io.headroom.core.alerts.AlertRules;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.store.StoreHealth;
import io.headroom.store.alerts.AcknowledgementLedger;
import io.headroom.store.alerts.SilenceLedger;
import io.headroom.store.history.RollupQueries;
import io.headroom.views.Messages;
import io.headroom.views.connection.StoreProblem;
import io.headroom.views.shell.ConsoleHistory;
import io.headroom.views.shell.ConsoleShell;
import io.headroom.views.shell.StartScreen;
import io.headroom.views.shell.WindowBackground;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's JavaFX application. {@link #init()} takes the profile's lock and starts the
 * fleet (store, embedded simulator, connections) on a thread of its own; {@link #start} opens
 * the window at once on a start screen, which the console replaces when the fleet is up. The
 * window never waits for the database or an agent.
 */
public final class ConsoleApp extends Application {

    private static final Logger log = LoggerFactory.getLogger(ConsoleApp.class);
    /** How {@link #exit()} closes a console run by {@link #launch}: stop(), then the toolkit. */
    private static final AtomicReference<Runnable> EXIT = new AtomicReference<>();

    private final ConsoleSettings settings;
    private final ProfileStore.Opening opening;
    private final EmbeddedSimulator simulator;
    private boolean profileInUse;
    private ProfileStore.Opened opened;
    private javafx.animation.Timeline storeWatch;
    private PersistedAcknowledgements acknowledgements;
    private PersistedSilences silences;
    private ConsoleHistory history;
    private LiveFleet live;
    private ConsoleShell view;
    /** Since when each alert has been raised: the console's, not a page's, so that a language switch keeps the ages. */
    private AlertRules alertRules;

    private final java.util.concurrent.CompletableFuture<ConsoleShell> shown =
            new java.util.concurrent.CompletableFuture<>();
    private java.util.concurrent.CompletableFuture<BroughtUp> bringUp;
    /** What the bring-up opened, set before the console is handed to the FX thread, so that stop() closes it either way. */
    private volatile BroughtUp brought;

    private boolean stopping;

    private record BroughtUp(
            ProfileStore.Opened opened,
            LiveFleet live,
            PersistedAcknowledgements acknowledgements,
            PersistedSilences silences,
            ConsoleHistory history) {}

    public ConsoleApp(ConsoleSettings settings) {
        this(settings, null, null);
    }

    private ConsoleApp(ConsoleSettings settings, ProfileStore.Opening opening, EmbeddedSimulator simulator) {
        this.settings = settings == null ? ConsoleSettings.embedded(10_240) : settings;
        this.opening = opening;
        this.simulator = simulator;
    }

    /**
     * Runs the console on a toolkit started early ({@link EarlyToolkit}) while {@code opening}
     * opens the store and {@code simulator} (when the settings embed one) starts, and blocks until
     * the console is closed. The life cycle {@code Application.launch} would run (init on this
     * thread, start and stop on the FX thread), by hand, since the toolkit is already up. A
     * profile another console holds opens no window: the caller reports it.
     */
    static void launch(
            ConsoleSettings settings, ProfileStore.Opening opening, EmbeddedSimulator simulator, EarlyToolkit toolkit)
            throws Exception {
        toolkit.await();
        Platform.setImplicitExit(false); // closing the window goes through exit(), so that stop() runs
        var app = new ConsoleApp(settings, opening, simulator);
        var closed = new java.util.concurrent.CountDownLatch(1);
        var closing = new java.util.concurrent.atomic.AtomicBoolean();
        EXIT.set(() -> {
            if (closing.getAndSet(true)) {
                return;
            }
            try {
                app.stop();
            } finally {
                // Windows first, the toolkit on a later turn: an event or pulse already queued for a
                // window still showing would otherwise run against a toolkit that has gone (a
                // NullPointerException in JavaFX's picking), as the standard launcher never lets happen.
                for (javafx.stage.Window window : List.copyOf(javafx.stage.Window.getWindows())) {
                    window.hide();
                }
                closed.countDown();
                Platform.runLater(Platform::exit);
            }
        });
        try {
            app.init();
            Platform.runLater(() -> {
                var stage = new Stage();
                // As the toolkit's implicit exit would: once the window is gone and its last events are handled.
                stage.setOnHidden(e -> Platform.runLater(ConsoleApp::exit));
                app.start(stage);
            });
            closed.await();
        } finally {
            EXIT.set(null);
        }
    }

    /**
     * Takes the profile (another console holding it opens no window) and starts bringing the
     * fleet up beside the window: the window waits for neither the database nor the agents.
     */
    @Override
    public void init() {
        ProfileStore.Opening profile = opening != null ? opening : ProfileStore.openInBackground(settings);
        if (profile.profileInUse().isPresent()) {
            profileInUse = true;
            if (simulator != null) {
                simulator.close();
            }
            return; // start() opens no window
        }
        bringUp = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> bringUp(profile),
                runnable ->
                        Thread.ofPlatform().name("console-bring-up").daemon().start(runnable));
    }

    /**
     * Opens the window at once on a start screen; the fleet (the store's cache, the embedded
     * simulator, the connections) comes up on a thread of its own, and the console replaces the
     * start screen when it is ready. Neither an agent nor a 100,000-GPU simulator holds the window back.
     */
    @Override
    public void start(Stage stage) {
        if (profileInUse) {
            exit();
            return;
        }
        var startScreen = new StartScreen(new Messages(settings.locale()));
        var scene = new Scene(startScreen, 1600, 900);
        scene.getStylesheets().setAll(settings.theme().stylesheet());
        // The window is the theme's colour wherever the start screen (later the console) has not reached yet.
        WindowBackground.follow(scene);
        stage.setTitle("Headroom");
        WindowIcon.addTo(stage);
        stage.setScene(scene);
        if (settings.wall()) {
            stage.setFullScreenExitHint("");
            stage.setFullScreen(true);
        }
        stage.show();
        if (settings.wall()) {
            WallScreen.coverWhenFullScreenRefused(stage);
        }
        if (settings.exitAfter() != null) {
            new ExitTimer(settings.exitAfter(), settings.snapshot(), scene).start();
        }
        // The console replaces the start screen once both the window has been painted and the fleet is up.
        StartupTimes.afterNextPaint(scene, () -> {
            StartupTimes.windowPainted();
            // The callback handles the failure itself (start screen, shown); the derived future adds nothing to watch.
            var unusedShown = bringUp.whenComplete((up, failure) -> Platform.runLater(() -> {
                if (failure != null) {
                    Throwable cause =
                            failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                    cause = cause instanceof java.io.UncheckedIOException io ? io.getCause() : cause;
                    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                    log.error("the console could not start: {}", why);
                    startScreen.showProblem(why);
                    shown.completeExceptionally(cause);
                } else if (!stopping) {
                    opened = up.opened();
                    live = up.live();
                    acknowledgements = up.acknowledgements();
                    silences = up.silences();
                    history = up.history();
                    showConsole(scene);
                }
            }));
        });
    }

    /**
     * Off the FX thread, while the window opens: the live fleet (the store's cache, the embedded
     * simulator, the connections), acknowledgements and history from the store.
     */
    private BroughtUp bringUp(ProfileStore.Opening profile) {
        ProfileStore.Opened open;
        try {
            open = profile.await();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
        try {
            LiveFleet started = LiveFleet.start(
                    settings,
                    IdleThresholds.DEFAULTS,
                    open.store(),
                    simulator != null ? simulator : EmbeddedSimulator.startInBackground(settings));
            var acks = PersistedAcknowledgements.load(
                    new AcknowledgementLedger(open.store()), ConsoleIdentity.operator(), InstantSource.system());
            ZoneId zone = ZoneId.systemDefault();
            RollupQueries queries = new RollupQueries(open.store(), zone);
            io.headroom.views.history.IdleHistory idle = new StoreIdleHistory(queries);
            if (settings.prometheus() != null) {
                idle = new io.headroom.app.history.CombinedIdleHistory(
                        idle,
                        new io.headroom.app.history.TsdbIdleHistory(new io.headroom.client.promql.PromqlClient(
                                settings.prometheus(),
                                java.time.Duration.ofSeconds(10),
                                io.headroom.client.promql.PromqlClient.DEFAULT_MAX_BYTES)));
            }
            var histories = new ConsoleHistory(idle, new StoreCardHours(queries, zone), zone)
                    .filledBy(started.backfillProgress())
                    .withNodePast(new io.headroom.app.history.StoreNodePast(
                            new io.headroom.store.history.MinuteReadings(open.store()),
                            new io.headroom.client.history.AgentNodeMinutes(
                                    started.client()::channelFor, ConsoleIdentity.clientName())::read));
            var silenced = PersistedSilences.load(
                    new SilenceLedger(open.store()), ConsoleIdentity.operator(), System.currentTimeMillis());
            brought = new BroughtUp(open, started, acks, silenced, histories);
            return brought;
        } catch (Exception | Error e) {
            open.store().close(); // nothing else will: the fleet did not come up
            throw e instanceof java.io.IOException io
                    ? new java.io.UncheckedIOException(io)
                    : e instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(e);
        }
    }

    private void showConsole(Scene scene) {
        alertRules = new AlertRules(live.classifier().thresholds());
        view = shell(settings.locale());
        scene.setRoot(view);
        watchStore();
        StartupTimes.logFirstLiveFrame(scene, view.overview().showingLiveDataProperty());
        shown.complete(view);
    }

    /**
     * Waits (off the FX thread) until the console has replaced the start screen; then
     * {@link #view()} is set. For tests.
     */
    public ConsoleShell awaitConsole() throws Exception {
        return shown.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Keeps the status bar's word on the local store current: a damaged file moved aside at
     * start, a full disk, or no file at all. Reads an immutable value; no I/O on the FX thread.
     */
    private void watchStore() {
        storeWatch = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1), e -> showStoreHealth()));
        storeWatch.setCycleCount(javafx.animation.Animation.INDEFINITE);
        storeWatch.play();
        showStoreHealth();
    }

    private void showStoreHealth() {
        var health = live.store().health();
        var bar = view.overview().connection();
        if (!health.isOk()) {
            StoreProblem problem = switch (health.state()) {
                case IN_MEMORY -> StoreProblem.IN_MEMORY;
                default ->
                    health.problem() == StoreHealth.Problem.DISK_FULL
                            ? StoreProblem.DISK_FULL
                            : StoreProblem.WRITE_FAILED;
            };
            // Without a file, the bar says why (the path and the cause), not only that there is none.
            bar.showStoreProblem(problem, problem == StoreProblem.IN_MEMORY ? health.detail() : "", health.describe());
        } else if (opened != null && opened.movedAside().isPresent()) {
            bar.showStoreProblem(
                    StoreProblem.MOVED_ASIDE,
                    opened.movedAside().get().toString(),
                    opened.notice().orElse(""));
        } else {
            bar.showStoreOk();
        }
    }

    private ConsoleShell shell(java.util.Locale locale) {
        var builder = ConsoleShell.builder(live.fleet(), live.classifier(), live.board())
                .clock(InstantSource.system())
                .locale(locale)
                .wall(settings.wall())
                .acknowledgements(acknowledgements)
                .silences(silences)
                .onLocale(this::switchLanguage)
                .operations(live.operations())
                .history(history)
                .workloads(live.workloads())
                .usage(usage())
                .showbackPdf(showbackPdf())
                .alertRules(alertRules);
        if (settings.alertmanager() != null) {
            builder.siteAlerts(siteAlerts());
        }
        return builder.build();
    }

    /** The site's Alertmanager, one client for the console's life (the pages are rebuilt on a language switch). */
    private io.headroom.views.alerts.SiteAlerts siteAlerts() {
        if (alertmanager == null) {
            alertmanager = new io.headroom.app.alerts.AlertmanagerSiteAlerts(
                    new io.headroom.client.alertmanager.AlertmanagerClient(
                            settings.alertmanager(),
                            java.time.Duration.ofSeconds(10),
                            io.headroom.client.alertmanager.AlertmanagerClient.DEFAULT_MAX_BYTES),
                    ConsoleIdentity.operator());
        }
        return alertmanager;
    }

    private io.headroom.views.alerts.SiteAlerts alertmanager;

    /** Store I/O of the Showback page's offline copy; one daemon thread for the console's life. */
    private static final java.util.concurrent.Executor SHOWBACK_STORE =
            java.util.concurrent.Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("showback-store").factory());

    /** The agents' GetHistory by tenant, account, user, pool and model, kept in the store: the Showback page. */
    private io.headroom.core.showback.UsageHistory usage() {
        var channels = new java.util.LinkedHashMap<String, io.grpc.Channel>();
        live.client().channels().forEach((endpoint, channel) -> channels.put(endpoint.toString(), channel));
        return new io.headroom.store.showback.CachedUsage(
                new io.headroom.client.showback.UsageClient(channels, "console:" + ConsoleIdentity.operator()),
                new io.headroom.store.showback.StoredUsage(live.store()),
                InstantSource.system(),
                SHOWBACK_STORE);
    }

    /** PDF reports in the Chinese font found on this machine, or a writer that names what it looked for. */
    private static io.headroom.views.showback.ShowbackPdf showbackPdf() {
        return (showback, messages, file) -> io.headroom.app.report.ShowbackReportPdf.withSystemFont(
                        java.time.Clock.systemUTC())
                .write(showback, messages, file);
    }

    /** A language switch rebuilds every view in the new locale; the fleet and connections stay. */
    private void switchLanguage(java.util.Locale locale) {
        ConsoleShell previous = view;
        ConsoleShell.Place place = previous.place();
        view = shell(locale);
        previous.getScene().setRoot(view);
        previous.dispose();
        // The same page, server and search, now in the other language.
        view.resume(place);
    }

    @Override
    public void stop() {
        stopping = true;
        if (bringUp != null) {
            // Closed while the fleet was still coming up: let it finish, so that what it opened is closed below.
            try {
                bringUp.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("the console was closed while it was still starting: {}", e.toString());
            }
        }
        BroughtUp up = brought;
        if (up != null) {
            live = up.live();
            acknowledgements = up.acknowledgements();
            silences = up.silences();
        }
        if (storeWatch != null) {
            storeWatch.stop();
        }
        if (view != null) {
            view.dispose();
        }
        if (acknowledgements != null) {
            acknowledgements.close(); // before the store closes with the fleet
        }
        if (silences != null) {
            silences.close();
        }
        if (live != null) {
            live.close();
            log.info("console closed");
        }
    }

    /** The live fleet behind the window, for tests. */
    public LiveFleet live() {
        return live;
    }

    /** The console on screen, for tests. */
    public ConsoleShell view() {
        return view;
    }

    /** Closes the console: stop() and then the toolkit (Platform.exit() alone when a test runs the life cycle). */
    static void exit() {
        Runnable close = EXIT.get();
        if (close == null) {
            Platform.exit();
        } else if (Platform.isFxApplicationThread()) {
            close.run();
        } else {
            Platform.runLater(close);
        }
    }
}

package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.themes.Theme;
import io.headroom.views.operations.OperationDialog;
import io.headroom.views.shell.ConsoleShell;
import io.headroom.wire.AgentEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.stage.Window;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console (its window on JavaFX's headless platform, its store in a profile of its own,
 * its client, and the embedded simulated fleet unless agents are named) for an end-to-end test:
 *
 * <pre>{@code
 * @RegisterExtension
 * final ConsoleExtension console = ConsoleExtension.onSimulatedFleet(512);
 * }</pre>
 *
 * Started before each test and waited for until the console has replaced its start screen;
 * {@link #startedByTest()} leaves the start to the test. After each test the console is
 * stopped, every window closed and the profile deleted.
 */
public final class ConsoleExtension implements BeforeEachCallback, AfterEachCallback {

    /** How long a condition on screen is waited for. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    /** How long one read on the FX thread may take. */
    private static final long FX_SECONDS = 10;

    private final boolean startsBeforeEach;
    private List<AgentEndpoint> agents = List.of();
    private int gpus = 512;
    private Theme theme = Theme.LAPTOP_LIGHT;
    private Locale locale = Locale.US;
    private boolean wall;
    private boolean keepsProfile = true;
    private Path profile;
    private ConsoleApp app;

    private ConsoleExtension(boolean startsBeforeEach) {
        this.startsBeforeEach = startsBeforeEach;
    }

    /** The console on its embedded simulated fleet of {@code gpus} GPUs (seed 42), as `headroom` with no agent runs. */
    public static ConsoleExtension onSimulatedFleet(int gpus) {
        return new ConsoleExtension(true).gpus(gpus);
    }

    /** The console connected to {@code agents} (plaintext, loopback). */
    public static ConsoleExtension connectedTo(AgentEndpoint... agents) {
        var extension = new ConsoleExtension(true);
        extension.agents = List.of(agents);
        return extension;
    }

    /** Nothing starts before the test: it calls {@link #start()} or {@link #start(List)} when it is ready. */
    public static ConsoleExtension startedByTest() {
        return new ConsoleExtension(false);
    }

    /** The size of the embedded fleet (512 unless given). */
    public ConsoleExtension gpus(int gpus) {
        this.gpus = gpus;
        return this;
    }

    /** LAPTOP_LIGHT unless given. */
    public ConsoleExtension theme(Theme theme) {
        this.theme = theme;
        return this;
    }

    /** Locale.US unless given. */
    public ConsoleExtension locale(Locale locale) {
        this.locale = locale;
        return this;
    }

    /** As {@code --wall}: the pages in rotation, no menus, never a dialog (false unless given). */
    public ConsoleExtension wall(boolean wall) {
        this.wall = wall;
        return this;
    }

    /** No profile: the console keeps nothing (an in-memory store), as with no profile directory. */
    public ConsoleExtension inMemory() {
        this.keepsProfile = false;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (keepsProfile) {
            profile = Files.createTempDirectory("headroom-profile-");
        }
        if (startsBeforeEach) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            stop();
            FxToolkit.cleanupStages();
        } finally {
            if (profile != null) {
                deleteRecursively(profile);
                profile = null;
            }
        }
    }

    /** Starts the console with the agents it was given (none: the embedded fleet) and waits until it is on screen. */
    public ConsoleApp start() throws Exception {
        return start(agents);
    }

    /** Starts the console connected to {@code agents} (none: the embedded fleet), on the same profile as before. */
    public ConsoleApp start(List<AgentEndpoint> agents) throws Exception {
        if (app != null) {
            throw new IllegalStateException("the console is running; stop() it first");
        }
        FxToolkit.registerPrimaryStage();
        var settings = new ConsoleSettings(agents, gpus, 42, theme, wall, locale, null, null, profile);
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(settings));
        app.awaitConsole();
        return app;
    }

    /** Stops the console (closing saves the cache); {@link #start} may start it again on the same profile. */
    public void stop() throws Exception {
        if (app != null) {
            ConsoleApp stopping = app;
            app = null;
            FxToolkit.cleanupApplication(stopping);
        }
    }

    public ConsoleApp app() {
        return app;
    }

    public LiveFleet live() {
        return app.live();
    }

    public ConsoleShell view() {
        return app.view();
    }

    /** The profile directory the console keeps its store in (null with {@link #inMemory()}). */
    public Path profile() {
        return profile;
    }

    /** Runs {@code read} on the FX thread and returns what it returned. */
    public static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(FX_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits until {@code condition}, read on the FX thread, holds. */
    public static void waitFor(String what, Callable<Boolean> condition) {
        await(what).atMost(WAIT).until(() -> onFx(condition));
    }

    /** As {@link #waitFor(String, Callable)}; a wait that times out says what {@code shown} read on screen last. */
    public static void waitFor(String what, Callable<Boolean> condition, Callable<String> shown) {
        await(what)
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(onFx(condition))
                        .as(() -> "on screen: " + read(shown))
                        .isTrue());
    }

    /** The operation dialog on screen (FX thread). */
    public static OperationDialog openDialog() {
        for (Window window : Window.getWindows()) {
            if (window.getProperties().get(OperationDialog.class) instanceof OperationDialog dialog) {
                return dialog;
            }
        }
        throw new AssertionError("no operation dialog is open");
    }

    private static String read(Callable<String> shown) {
        try {
            return onFx(shown);
        } catch (Exception e) {
            return "(could not be read: " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
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

package io.headroom.app;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit on a thread of its own as the process starts, beside the
 * command-line parsing and the logging set-up, which otherwise come first and take a quarter
 * of a second before the toolkit's own third of a second. Only for a run that opens a window:
 * {@code --help}, {@code --version} and the subcommands need no display.
 */
final class EarlyToolkit {

    private static final Set<String> NO_WINDOW = Set.of("-h", "--help", "-V", "--version", "verify-audit");

    private final CompletableFuture<Void> started;

    private EarlyToolkit(CompletableFuture<Void> started) {
        this.started = started;
    }

    /** Starts the toolkit unless {@code args} ask for something that opens no window; null then. */
    static EarlyToolkit startFor(String[] args) {
        for (String arg : args) {
            if (NO_WINDOW.contains(arg)) {
                return null;
            }
        }
        var started = new CompletableFuture<Void>();
        Thread.ofPlatform().name("toolkit-starter").daemon().start(() -> {
            try {
                Platform.startup(() -> started.complete(null));
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
        return new EarlyToolkit(started);
    }

    /**
     * Waits for the toolkit.
     *
     * @throws IllegalStateException with a sentence an operator can act on when there is no display
     */
    void await() {
        try {
            started.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(
                    "cannot open a window (" + (cause.getMessage() == null ? cause : cause.getMessage())
                            + "); is DISPLAY set, and is GTK 3 installed?",
                    cause);
        }
    }

    /** Ends the toolkit of a run that did not open the console (a bad option, a profile in use). */
    void stop() {
        // A toolkit that never started has nothing to end; nobody waits for the exit, so the derived future is not
        // watched.
        var unusedExited = started.thenRun(Platform::exit);
    }
}

package io.headroom.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the console keeps its data (profiles with their local store) and its log files, in
 * each platform's usual place. The operating system's name and environment are passed in, so
 * tests cover Windows and macOS on any machine.
 *
 * <ul>
 *   <li>Linux and other Unix: {@code $XDG_DATA_HOME/headroom} (default {@code ~/.local/share/headroom})
 *       and {@code $XDG_STATE_HOME/headroom/logs} (default {@code ~/.local/state/headroom/logs}); the
 *       XDG base directory specification puts logs under state, not data.</li>
 *   <li>Windows: {@code %LOCALAPPDATA%\Headroom} and {@code %LOCALAPPDATA%\Headroom\Logs}. Local, not
 *       roaming ({@code %APPDATA%}): the store is a database of this machine's cache and history, and a
 *       roaming profile would copy it to the server at every sign-out.</li>
 *   <li>macOS: {@code ~/Library/Application Support/Headroom} and {@code ~/Library/Logs/Headroom}, where
 *       Console.app looks for logs.</li>
 * </ul>
 *
 * @param data where profiles live, one directory each
 * @param logs where the console writes its log files
 */
record PlatformDirectories(Path data, Path logs) {

    static PlatformDirectories current() {
        return of(System.getProperty("os.name", ""), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static PlatformDirectories of(String osName, Map<String, String> env, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path local = windowsFolder(
                    env.get("LOCALAPPDATA"), home.resolve("AppData").resolve("Local"));
            Path base = local.resolve("Headroom");
            return new PlatformDirectories(base, base.resolve("Logs"));
        }
        if (os.startsWith("mac")) {
            Path library = home.resolve("Library");
            return new PlatformDirectories(
                    library.resolve("Application Support").resolve("Headroom"),
                    library.resolve("Logs").resolve("Headroom"));
        }
        Path data = xdgFolder(env.get("XDG_DATA_HOME"), home.resolve(".local").resolve("share"));
        Path state = xdgFolder(env.get("XDG_STATE_HOME"), home.resolve(".local").resolve("state"));
        return new PlatformDirectories(
                data.resolve("headroom"), state.resolve("headroom").resolve("logs"));
    }

    // The XDG specification says a relative path in these variables is invalid and must be ignored.
    private static Path xdgFolder(String value, Path fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : fallback;
    }

    private static Path windowsFolder(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}

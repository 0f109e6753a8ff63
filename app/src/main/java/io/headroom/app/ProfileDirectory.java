package io.headroom.app;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a console profile keeps its local store: {@code $XDG_DATA_HOME/headroom/<profile>},
 * or {@code ~/.local/share/headroom/<profile>} when XDG_DATA_HOME is unset, as the XDG base
 * directory specification says. {@code --data-dir} overrides the base.
 */
final class ProfileDirectory {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ProfileDirectory() {}

    static boolean isValidName(String profile) {
        return NAME.matcher(profile).matches();
    }

    static Path resolve(String profile, Path dataDir) {
        if (!isValidName(profile)) {
            throw new IllegalArgumentException("profile '" + profile
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (dataDir != null) {
            return dataDir.resolve(profile);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("headroom").resolve(profile);
    }
}

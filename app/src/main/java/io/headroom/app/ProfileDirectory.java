package io.headroom.app;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a console profile keeps its local store: {@code <data>/<profile>}, with the data
 * directory from {@link PlatformDirectories} ({@code ~/.local/share/headroom} on Linux) unless
 * {@code --data-dir} names another. Always in the user's home, never beside the program, so
 * upgrading or removing the program leaves every profile as it was.
 */
final class ProfileDirectory {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ProfileDirectory() {}

    static boolean isValidName(String profile) {
        return NAME.matcher(profile).matches();
    }

    static Path resolve(String profile, Path dataDir) {
        return resolve(profile, dataDir, PlatformDirectories.current());
    }

    static Path resolve(String profile, Path dataDir, PlatformDirectories platform) {
        if (!isValidName(profile)) {
            throw new IllegalArgumentException("profile '" + profile
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return (dataDir != null ? dataDir : platform.data()).resolve(profile);
    }
}

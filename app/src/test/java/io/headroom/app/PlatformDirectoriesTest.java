package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each platform's usual places, from the OS name and environment alone: no real Windows or Mac needed. */
class PlatformDirectoriesTest {

    private static final Path HOME = Path.of("/home/ops");

    @Test
    void linuxFollowsXdgWithItsDefaults() {
        var dirs = PlatformDirectories.of("Linux", Map.of(), HOME);
        assertThat(dirs.data()).isEqualTo(Path.of("/home/ops/.local/share/headroom"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/home/ops/.local/state/headroom/logs"));
    }

    @Test
    void linuxHonoursXdgVariables() {
        var dirs = PlatformDirectories.of(
                "Linux", Map.of("XDG_DATA_HOME", "/srv/data", "XDG_STATE_HOME", "/srv/state"), HOME);
        assertThat(dirs.data()).isEqualTo(Path.of("/srv/data/headroom"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/srv/state/headroom/logs"));
    }

    @Test
    void relativeOrBlankXdgVariablesAreIgnoredAsTheSpecificationSays() {
        var dirs =
                PlatformDirectories.of("Linux", Map.of("XDG_DATA_HOME", "relative/data", "XDG_STATE_HOME", " "), HOME);
        assertThat(dirs.data()).isEqualTo(Path.of("/home/ops/.local/share/headroom"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/home/ops/.local/state/headroom/logs"));
    }

    @Test
    void windowsUsesLocalAppData() {
        String local = "C:\\Users\\ops\\AppData\\Local";
        var dirs = PlatformDirectories.of(
                "Windows 11", Map.of("LOCALAPPDATA", local, "APPDATA", "C:\\Users\\ops\\AppData\\Roaming"), HOME);
        assertThat(dirs.data()).isEqualTo(Path.of(local, "Headroom"));
        assertThat(dirs.logs()).isEqualTo(Path.of(local, "Headroom", "Logs"));
    }

    @Test
    void windowsWithoutLocalAppDataFallsBackToTheHomeFolder() {
        var dirs = PlatformDirectories.of("Windows Server 2022", Map.of(), HOME);
        assertThat(dirs.data()).isEqualTo(HOME.resolve("AppData/Local/Headroom"));
        assertThat(dirs.logs()).isEqualTo(HOME.resolve("AppData/Local/Headroom/Logs"));
    }

    @Test
    void macOsUsesTheLibrary() {
        var dirs = PlatformDirectories.of("Mac OS X", Map.of("XDG_DATA_HOME", "/ignored"), Path.of("/Users/ops"));
        assertThat(dirs.data()).isEqualTo(Path.of("/Users/ops/Library/Application Support/Headroom"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/Users/ops/Library/Logs/Headroom"));
    }

    @Test
    void aProfileLivesInTheDataDirectoryUnlessDataDirSaysOtherwise() {
        var mac = PlatformDirectories.of("Mac OS X", Map.of(), Path.of("/Users/ops"));
        assertThat(ProfileDirectory.resolve("noc", null, mac))
                .isEqualTo(Path.of("/Users/ops/Library/Application Support/Headroom/noc"));
        assertThat(ProfileDirectory.resolve("noc", Path.of("/srv/headroom"), mac))
                .isEqualTo(Path.of("/srv/headroom/noc"));
        assertThatThrownBy(() -> ProfileDirectory.resolve("../etc", null, mac))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

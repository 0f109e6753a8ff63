package io.headroom.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Bad options are named and refused before any window opens. */
class ConsoleCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ConsoleMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThat(run("--wal")).isEqualTo(2);
        assertThat(err.toString()).contains("'--wal'").contains("--wall").doesNotContain("\tat ");
    }

    @Test
    void aWrongOptionIsOneLineAndAPointerToHelpNotTheWholeUsage() {
        assertThat(run("--agent", "gpu-node-17:50051", "--tls-ca", "/nonexistent/ca.pem"))
                .isEqualTo(2);
        assertThat(err.toString().lines().count()).isLessThanOrEqualTo(3);
        assertThat(err.toString()).startsWith("headroom: ").contains("see 'headroom --help'");
        assertThat(err.toString()).doesNotContain("--simulate-gpus");
    }

    @Test
    void aLanguageTheConsoleIsNotTranslatedIntoIsRefusedWithTheOnesItSpeaks() {
        assertThat(run("--locale", "xx")).isEqualTo(2);
        assertThat(err.toString()).contains("--locale: the console is not available in 'xx'; it speaks en, zh-CN");
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--locale", "zh");
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        assertThat(main.toSettings().locale().getLanguage()).isEqualTo("zh");
    }

    @Test
    void aBadAgentAddressIsNamed() {
        assertThat(run("--agent", "gpu-node-17")).isEqualTo(2);
        assertThat(err.toString()).contains("--agent: 'gpu-node-17' is not an agent address: expected host:port");
    }

    @Test
    void aBadLineInTheAgentsFileIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = dir.resolve("agents.txt");
        java.nio.file.Files.writeString(file, "gpu-1:50051\ngpu-2\n");
        assertThat(run("--agents-file", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--agents-file: " + file + " line 2: 'gpu-2' is not an agent address");
    }

    @Test
    void anUnknownThemeListsTheChoices() {
        assertThat(run("--theme", "purple")).isEqualTo(2);
        assertThat(err.toString()).contains("no theme 'purple'").contains("wall-dark", "laptop-light", "high-contrast");
    }

    @Test
    void settingsFollowTheOptions() {
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--wall", "-a", "a:1,b:2", "--plaintext", "--locale", "zh-CN");
        // parseArgs does not inject @Spec; build the settings the way call() does.
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        ConsoleSettings settings = main.toSettings();
        assertThat(settings.agents()).hasSize(2);
        assertThat(settings.wall()).isTrue();
        assertThat(settings.theme().id()).isEqualTo("wall-dark");
        assertThat(settings.locale().toLanguageTag()).isEqualTo("zh-CN");
        assertThat(settings.embedsSimulator()).isFalse();
    }

    @Test
    void aProfileNameThatIsNoDirectoryNameIsRefused() {
        assertThat(run("--profile", "../etc")).isEqualTo(2);
        assertThat(err.toString()).contains("--profile: profile '../etc' must be 1-64 letters");
    }

    @Test
    void profilesLiveUnderTheDataDirectory() {
        var main = new ConsoleMain();
        new picocli.CommandLine(main).parseArgs("--profile", "noc-wall", "--data-dir", "/srv/headroom");
        main.spec = new picocli.CommandLine(main).getCommandSpec();
        assertThat(main.toSettings().profileDirectory()).isEqualTo(java.nio.file.Path.of("/srv/headroom/noc-wall"));
        new picocli.CommandLine(main).parseArgs("--no-store");
        assertThat(main.toSettings().profileDirectory()).isNull();
    }

    @Test
    void theWallLauncherAddsWallToWhateverElseIsGiven() {
        assertThat(ConsoleMain.withWallLauncher(new String[] {"--agent", "a:1"}, true))
                .containsExactly("--wall", "--agent", "a:1");
        assertThat(ConsoleMain.withWallLauncher(new String[] {"--wall"}, true)).containsExactly("--wall");
        assertThat(ConsoleMain.withWallLauncher(new String[] {"--agent", "a:1"}, false))
                .containsExactly("--agent", "a:1");
    }

    @Test
    void helpAndVersionOpenNoWindow() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--agent", "--wall", "--simulate-gpus");
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("headroom ");
    }
}

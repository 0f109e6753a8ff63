package io.headroom.app;

import io.headroom.store.ProfileInUseException;
import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.GrpcLog;
import io.headroom.wire.security.ChannelSecurity;
import io.headroom.wire.security.SiteSecurity;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code headroom}: the operations console. */
@Command(
        name = "headroom",
        mixinStandardHelpOptions = true,
        versionProvider = ConsoleVersion.class,
        sortOptions = false,
        subcommands = {VerifyAuditCommand.class, ReportCommand.class},
        description =
                "Operations console for GPU compute centers: shows where capacity sits idle and lets staff act on it.",
        footer = {
            "",
            "With no --agent, the console serves a simulated fleet in-process and connects to it over gRPC on loopback."
        })
public final class ConsoleMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-a", "--agent"},
            paramLabel = "HOST:PORT",
            split = ",",
            description = "An agent or relay to connect to; repeat or separate with commas.")
    List<String> agents = new ArrayList<>();

    @Option(
            names = "--agents-file",
            paramLabel = "FILE",
            description = "A file of agent addresses, one HOST:PORT per line (# starts a comment), and optionally how "
                    + "to reach them (tls_ca = FILE, tls_certificate, tls_private_key, token_file, plaintext = true): "
                    + "one file per site; repeat for several. Adds to --agent.")
    List<Path> agentsFiles = new ArrayList<>();

    @Option(
            names = "--tls-ca",
            paramLabel = "FILE",
            description = "The site CA (PEM) that agents' certificates must be signed by: agents named by --agent, and "
                    + "agents files that say nothing of TLS, are reached over TLS and checked against it.")
    Path tlsCa;

    @Option(
            names = "--tls-certificate",
            paramLabel = "FILE",
            description =
                    "This console's client certificate (PEM), for agents that require mutual TLS; with --tls-private-key.")
    Path tlsCertificate;

    @Option(
            names = "--tls-private-key",
            paramLabel = "FILE",
            description = "The client certificate's key (PKCS#8 PEM).")
    Path tlsPrivateKey;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "A file (readable by you only) holding the bearer token agents know this console's operator by; "
                            + "sent over TLS only.")
    Path tokenFile;

    @Option(
            names = "--plaintext",
            description =
                    "Reach agents off this machine without TLS, on purpose (a trusted network). Agents on loopback "
                            + "are reached in plaintext without it.")
    boolean plaintext;

    @Option(
            names = "--simulate-gpus",
            paramLabel = "N",
            defaultValue = "10240",
            description = "Size of the embedded simulated fleet when no agent is given (default: ${DEFAULT-VALUE}).")
    int simulatedGpus;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the embedded simulated fleet (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--wall", description = "NOC wall display: full screen, dark theme, large type.")
    boolean wall;

    @Option(
            names = "--theme",
            paramLabel = "NAME",
            description = "wall-dark, laptop-light or high-contrast (default: laptop-light, or wall-dark with --wall).")
    String theme;

    @Option(
            names = "--locale",
            paramLabel = "TAG",
            description = "Language of the console, e.g. en or zh-CN (default: the system's).")
    String locale;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "Console profile: its own cache, history, outbox and audit log (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where profiles live (default: $XDG_DATA_HOME/headroom or ~/.local/share/headroom on Linux, "
                    + "%%LOCALAPPDATA%%\\Headroom on Windows, ~/Library/Application Support/Headroom on macOS).")
    Path dataDir;

    @Option(
            names = "--no-store",
            description = "Keep nothing on disk: no cache, history, outbox, audit log or log file.")
    boolean noStore;

    @Option(
            names = "--snapshot",
            paramLabel = "FILE.png",
            description = "Save a picture of the console after --exit-after, then quit.")
    Path snapshot;

    @Option(names = "--exit-after", paramLabel = "SECONDS", description = "Quit by itself after this many seconds.")
    Integer exitAfterSeconds;

    @Option(
            names = "--prometheus",
            paramLabel = "URL",
            description = "The site's Prometheus or VictoriaMetrics (e.g. http://prometheus:9090), with Headroom's "
                    + "recording rules loaded: Idle by hour reads it besides the local store.")
    String prometheus;

    @Option(
            names = "--alertmanager",
            paramLabel = "URL",
            description = "The site's Alertmanager (e.g. http://alertmanager:9093): the Alerts page shows its alerts "
                    + "and silences, and silences an incident there.")
    String alertmanager;

    /**
     * Set (to true) by the installed "Headroom Wall" launcher. Not its default arguments: jpackage
     * drops those as soon as the command line has any, so `headroom-wall --agent ...` would open
     * an ordinary window. A Java option is always there.
     */
    static final String WALL_LAUNCHER_PROPERTY = "headroom.wall-launcher";

    public static void main(String[] args) {
        String[] given = withWallLauncher(withoutBlanks(args), Boolean.getBoolean(WALL_LAUNCHER_PROPERTY));
        // The toolkit starts while the options are read and the log is set up.
        EarlyToolkit toolkit = EarlyToolkit.startFor(given);
        int code = run(
                given,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                toolkit);
        if (code != 0) {
            System.exit(code);
        }
    }

    // The Maven run command passes an empty argument when no -Dheadroom.args is given.
    private static String[] withoutBlanks(String[] args) {
        return Arrays.stream(args).filter(a -> !a.isBlank()).toArray(String[]::new);
    }

    static String[] withWallLauncher(String[] args, boolean wallLauncher) {
        if (!wallLauncher || Arrays.asList(args).contains("--wall")) {
            return args;
        }
        String[] withWall = new String[args.length + 1];
        withWall[0] = "--wall";
        System.arraycopy(args, 0, withWall, 1, args.length);
        return withWall;
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, null);
    }

    /** @param toolkit the toolkit started for this run, or null to start it here when a window opens */
    static int run(String[] args, PrintWriter out, PrintWriter err, EarlyToolkit toolkit) {
        var main = new ConsoleMain();
        var command = new CommandLine(main);
        command.setOut(out);
        command.setErr(err);
        command.setParameterExceptionHandler(ConsoleMain::oneLine);
        int code = command.execute(args);
        if (code != 0 || main.settings == null) {
            if (toolkit != null) {
                toolkit.stop();
            }
            return code;
        }
        // grpc-java's own warnings (a name that does not resolve: one per retry, with a stack trace)
        // as one line in the console's log; logback.xml decides which are shown.
        GrpcLog.install();
        // --no-store keeps nothing on disk, log files included.
        if (main.settings.profileDirectory() != null) {
            ConsoleLogFile.attach(PlatformDirectories.current().logs(), err);
        }
        // The profile's lock is taken now: a profile another console holds opens no window. The
        // store (H2, migrations) and the embedded fleet then open while the toolkit starts.
        ProfileStore.Opening opening = ProfileStore.openInBackground(main.settings);
        Optional<ProfileInUseException> inUse = opening.profileInUse();
        if (inUse.isPresent()) {
            err.println("headroom: " + inUse.get().getMessage());
            StartFailureDialog.show(toolkit, main.settings.locale(), inUse.get().getMessage());
            return 1;
        }
        EmbeddedSimulator simulator = EmbeddedSimulator.startInBackground(main.settings);
        try {
            ConsoleApp.launch(
                    main.settings, opening, simulator, toolkit != null ? toolkit : EarlyToolkit.startFor(args));
        } catch (IllegalStateException e) {
            err.println("headroom: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("headroom: the console stopped: " + e);
            return 1;
        }
        return 0;
    }

    /**
     * A wrong option is one line naming it and where to look, not the whole usage: the usage is
     * sixty lines and hides the one that matters.
     */
    static int oneLine(CommandLine.ParameterException wrong, String[] args) {
        CommandLine command = wrong.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("headroom: " + wrong.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(wrong, err);
        err.println("see 'headroom " + (command.getParent() == null ? "" : command.getCommandName() + " ")
                + "--help' for the options");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private ConsoleSettings settings;

    @Override
    public Integer call() {
        settings = toSettings();
        return 0;
    }

    ConsoleSettings toSettings() {
        SiteSecurity commandLine = new SiteSecurity(tlsCa, tlsCertificate, tlsPrivateKey, tokenFile, plaintext);
        Map<AgentEndpoint, ChannelSecurity> security;
        try {
            security = AgentSites.resolve(agents, agentsFiles, commandLine);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<AgentEndpoint> endpoints = new ArrayList<>(security.keySet());
        if (simulatedGpus < 8 || simulatedGpus > 1_000_000) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--simulate-gpus must be between 8 and 1,000,000, was " + simulatedGpus);
        }
        Theme chosen = wall ? Theme.WALL_DARK : Theme.LAPTOP_LIGHT;
        if (theme != null) {
            chosen = Arrays.stream(Theme.values())
                    .filter(t -> t.id().equalsIgnoreCase(theme.strip()))
                    .findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--theme: no theme '" + theme + "'; choose one of "
                                    + Arrays.stream(Theme.values())
                                            .map(Theme::id)
                                            .toList()));
        }
        Locale language = locale == null ? Locale.getDefault() : Locale.forLanguageTag(locale);
        if (locale != null && language.getLanguage().isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--locale: '" + locale + "' is not a language tag such as en or zh-CN");
        }
        if (locale != null
                && Messages.LANGUAGES.stream().noneMatch(l -> l.getLanguage().equals(language.getLanguage()))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--locale: the console is not available in '" + locale + "'; it speaks "
                            + String.join(
                                    ", ",
                                    Messages.LANGUAGES.stream()
                                            .map(Locale::toLanguageTag)
                                            .toList()));
        }
        if (exitAfterSeconds != null && exitAfterSeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--exit-after must be at least 1 second, was " + exitAfterSeconds);
        }
        Duration exitAfter = exitAfterSeconds == null
                ? (snapshot == null ? null : Duration.ofSeconds(5))
                : Duration.ofSeconds(exitAfterSeconds);
        Path profileDirectory = null;
        if (!noStore) {
            try {
                profileDirectory = ProfileDirectory.resolve(profile, dataDir);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
            }
        }
        return new ConsoleSettings(
                endpoints,
                simulatedGpus,
                seed,
                chosen,
                wall,
                language,
                snapshot,
                exitAfter,
                profileDirectory,
                security,
                httpUrl("--prometheus", prometheus, "http://prometheus:9090"),
                httpUrl("--alertmanager", alertmanager, "http://alertmanager:9093"));
    }

    private java.net.URI httpUrl(String option, String given, String example) {
        if (given == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(given.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), option + ": '" + given + "' is not an http:// or https:// URL such as " + example);
    }
}

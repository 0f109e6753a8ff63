package io.headroom.app;

import io.grpc.ManagedChannel;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.app.report.ShowbackReportPdf;
import io.headroom.client.ClientOptions;
import io.headroom.client.showback.UsageClient;
import io.headroom.core.report.ReportFormat;
import io.headroom.core.showback.Showback;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.ShowbackPeriod;
import io.headroom.core.showback.ShowbackRange;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageUnavailableException;
import io.headroom.views.Messages;
import io.headroom.views.showback.ShowbackText;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.SiteSecurity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headroom report --range 7d --by tenant --out report.pdf}: the showback report from the
 * agents' history, for cron. Exit 0 when written, 2 when the input is wrong (one line naming it),
 * 1 when the fleet or the file could not be reached.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Write the showback report (GPU-hours per tenant, account, user, pool or model) from the agents' "
                + "history: a one-page PDF, a CSV table (UTF-8 with BOM, for Excel) or the PDF's page as a PNG.",
        footer = {
            "",
            "With no --agent, asks the embedded simulated fleet, as the console does.",
            "Example for cron, every Monday at 06:00:",
            "  0 6 * * 1  headroom report --range 7d --by tenant --agent relay.site:50051 --out /srv/reports/week.pdf"
        })
final class ReportCommand implements java.util.concurrent.Callable<Integer> {

    /** How long the agents have to answer before the report gives up. */
    static final long ANSWER_SECONDS = 150;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--range",
            paramLabel = "RANGE",
            defaultValue = "7d",
            description =
                    "The last whole UTC days before today: Nd or Nw, e.g. 7d, 30d, 4w (default: ${DEFAULT-VALUE}).")
    String range;

    @Option(
            names = "--by",
            paramLabel = "GROUPING",
            defaultValue = "tenant",
            description = "tenant, account, user, pool or model (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(
            names = "--period",
            paramLabel = "PERIOD",
            defaultValue = "day",
            description = "Rows of the CSV per day, week or month (default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write.")
    Path out;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "pdf, csv or png (default: from the --out file's ending, else pdf).")
    String format;

    @Option(names = "--locale", paramLabel = "TAG", description = "en or zh-CN (default: the system's).")
    String locale;

    @Option(
            names = {"-a", "--agent"},
            paramLabel = "HOST:PORT",
            split = ",",
            description = "An agent or relay to ask; repeat or separate with commas.")
    List<String> agents = new ArrayList<>();

    @Option(names = "--agents-file", paramLabel = "FILE", description = "As for the console.")
    List<Path> agentsFiles = new ArrayList<>();

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "As for the console.")
    Path tlsCa;

    @Option(names = "--tls-certificate", paramLabel = "FILE", description = "As for the console.")
    Path tlsCertificate;

    @Option(names = "--tls-private-key", paramLabel = "FILE", description = "As for the console.")
    Path tlsPrivateKey;

    @Option(names = "--token-file", paramLabel = "FILE", description = "As for the console.")
    Path tokenFile;

    @Option(names = "--plaintext", description = "As for the console.")
    boolean plaintext;

    @Option(
            names = "--simulate-gpus",
            paramLabel = "N",
            defaultValue = "10240",
            description = "Size of the embedded simulated fleet when no agent is given (default: ${DEFAULT-VALUE}).")
    int simulatedGpus;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the embedded simulated fleet.")
    long seed;

    /** Checked input: what to ask and what to write. */
    record Order(
            ShowbackRange range,
            ShowbackGrouping grouping,
            ShowbackPeriod period,
            ReportFormat format,
            Locale locale,
            Path out) {}

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Order order;
        Map<String, ManagedChannel> channels;
        try {
            order = order();
            channels = channels();
        } catch (IllegalArgumentException e) {
            err.println("headroom report: " + e.getMessage() + "; see --help");
            return 2;
        }
        SimulatorAgent simulator = null;
        try {
            if (channels.isEmpty()) {
                simulator = startSimulator();
                var endpoint = new AgentEndpoint("127.0.0.1", simulator.port());
                channels.put(endpoint.toString(), ClientOptions.plaintextChannel(endpoint));
            }
            UsageAnswer answer = new UsageClient(channels, "headroom-report")
                    .fetch(order.range().query(InstantSource.system().instant(), order.grouping()))
                    .get(ANSWER_SECONDS, TimeUnit.SECONDS);
            write(Showback.of(answer, order.period()), order);
            spec.commandLine().getOut().println("headroom report: wrote " + order.out());
            return 0;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("headroom report: " + (cause instanceof UsageUnavailableException ? "" : "history: ")
                    + cause.getMessage() + "; see --help");
            return 1;
        } catch (TimeoutException e) {
            err.println("headroom report: no answer from the agents in " + ANSWER_SECONDS + " s; see --help");
            return 1;
        } catch (IOException e) {
            err.println("headroom report: cannot write " + order.out() + ": " + e.getMessage() + "; see --help");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            channels.values().forEach(ManagedChannel::shutdownNow);
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    Order order() {
        ShowbackRange days;
        try {
            days = ShowbackRange.parse(range);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--range: " + e.getMessage(), e);
        }
        ShowbackGrouping grouping = ShowbackGrouping.parse(by)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--by: no grouping '" + by + "'; choose one of " + ShowbackGrouping.choices()));
        ShowbackPeriod per = ShowbackPeriod.parse(period)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--period: no period '" + period + "'; choose day, week or month"));
        ReportFormat written;
        if (format != null) {
            written = ReportFormat.parse(format)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--format: no format '" + format + "'; choose pdf, csv or png"));
        } else {
            written = ReportFormat.ofFile(out.getFileName().toString()).orElse(ReportFormat.PDF);
        }
        Locale language = locale == null ? Locale.getDefault() : Locale.forLanguageTag(locale);
        if (locale != null && language.getLanguage().isEmpty()) {
            throw new IllegalArgumentException("--locale: '" + locale + "' is not a language tag such as en or zh-CN");
        }
        Path absolute = out.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--out: the folder " + directory + " does not exist");
        }
        if (!Files.isWritable(directory) || (Files.exists(absolute) && !Files.isWritable(absolute))) {
            throw new IllegalArgumentException("--out: " + absolute + " cannot be written (permissions)");
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("--out: " + absolute + " is a folder; name a file");
        }
        if (simulatedGpus < 8 || simulatedGpus > 1_000_000) {
            throw new IllegalArgumentException("--simulate-gpus must be between 8 and 1,000,000, was " + simulatedGpus);
        }
        return new Order(days, grouping, per, written, language, absolute);
    }

    private Map<String, ManagedChannel> channels() {
        SiteSecurity commandLine = new SiteSecurity(tlsCa, tlsCertificate, tlsPrivateKey, tokenFile, plaintext);
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        AgentSites.resolve(agents, agentsFiles, commandLine)
                .forEach((endpoint, security) ->
                        channels.put(endpoint.toString(), ClientOptions.channel(endpoint, security.credentials())));
        return channels;
    }

    private SimulatorAgent startSimulator() throws IOException {
        FleetShape shape =
                simulatedGpus == FleetShape.DEFAULT.gpus() ? FleetShape.DEFAULT : FleetShape.forGpus(simulatedGpus);
        return SimulatorAgent.create(shape, seed, 1000, "", 60, InstantSource.system())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    static void write(Showback showback, Order order) throws IOException {
        var messages = new Messages(order.locale());
        switch (order.format()) {
            case CSV -> {
                try (var file = Files.newOutputStream(order.out())) {
                    new ShowbackText(messages, showback.answer().query().grouping())
                            .csv(showback)
                            .write(file);
                }
            }
            case PDF -> ShowbackReportPdf.withSystemFont(Clock.systemUTC()).write(showback, messages, order.out());
            case PNG -> {
                Path pdf = Files.createTempFile("headroom-report", ".pdf");
                try {
                    ShowbackReportPdf.withSystemFont(Clock.systemUTC()).write(showback, messages, pdf);
                    io.headroom.app.report.PdfPicture.firstPage(pdf, order.out());
                } finally {
                    Files.deleteIfExists(pdf);
                }
            }
        }
    }
}

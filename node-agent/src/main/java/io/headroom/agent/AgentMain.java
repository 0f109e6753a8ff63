package io.headroom.agent;

import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.audit.AuditFile;
import io.headroom.agent.audit.AuditSigner;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.cli.TokenCommand;
import io.headroom.agent.cli.VerifyAuditCommand;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.agent.config.ConfigException;
import io.headroom.agent.exporter.EndpointGrouping;
import io.headroom.agent.exporter.SimulatedDcgmExporter;
import io.headroom.agent.metrics.AgentMetrics;
import io.headroom.agent.node.NodeAgent;
import io.headroom.agent.server.EndpointSecurity;
import io.headroom.agent.simulated.SimulatorAgent;
import io.headroom.agent.simulator.FleetShape;
import io.headroom.agent.simulator.SiteMix;
import io.headroom.agent.source.SourceException;
import io.headroom.agent.tls.TlsFileException;
import io.headroom.client.AgentList;
import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.GrpcLog;
import io.headroom.wire.security.ChannelSecurity;
import io.headroom.wire.security.SiteSecurity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code headroom-agent}: serves one node's (or a simulated fleet's) telemetry over gRPC. */
@Command(
        name = "headroom-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        subcommands = {TokenCommand.class, VerifyAuditCommand.class},
        description = "Streams GPU, power and thermal telemetry to Headroom consoles over gRPC, "
                + "and carries out drain, resume, reassign and re-slice through the node's scheduler.",
        sortOptions = false)
public final class AgentMain implements Callable<Integer> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AgentMain.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The agent configuration file (e.g. /etc/headroom/agent.yaml): sources, listen address, metrics. "
                            + "Options given here win over it; --simulate replaces its sources.")
    Path configFile;

    @Option(names = "--simulate", description = "Serve a simulated fleet instead of this machine's GPUs.")
    boolean simulate;

    @Option(names = "--relay", description = "Serve the merged fleet of the --upstream agents (or relays).")
    boolean relay;

    @Option(
            names = "--upstream",
            paramLabel = "HOST:PORT",
            split = ",",
            description = "With --relay: an agent or relay to subscribe to; repeat or separate with commas.")
    List<String> upstreams = new ArrayList<>();

    @Option(
            names = "--upstream-file",
            paramLabel = "FILE",
            description = "With --relay: a file of upstream addresses, one HOST:PORT per line (# starts a comment).")
    java.nio.file.Path upstreamFile;

    @Option(
            names = "--gpus",
            paramLabel = "N",
            defaultValue = "10240",
            description =
                    "Simulated fleet size in GPUs, 8 per node, 8 nodes per rack (default: ${DEFAULT-VALUE}: 4 halls, 160 racks, 1,280 nodes).")
    int gpus;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Simulation seed; the same seed gives the same fleet (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--mix",
            description = "With --simulate: a heterogeneous site (an Ascend 910B hall, Hygon K100, Cambricon MLU370 and"
                    + " Kunlunxin R300 racks beside the NVIDIA ones) instead of an NVIDIA-only one.")
    boolean mix;

    @Option(
            names = "--host-prefix",
            defaultValue = "",
            description = "Prefix for simulated hostnames, to run several simulators side by side.")
    String hostPrefix;

    @Option(
            names = "--interval-ms",
            defaultValue = "1000",
            description = "Sample interval in milliseconds (default: ${DEFAULT-VALUE}).")
    int intervalMs;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 to accept consoles from other machines).")
    String bind;

    @Option(
            names = "--port",
            defaultValue = "50051",
            description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--replay-seconds",
            defaultValue = "60",
            description = "Telemetry kept for clients that reconnect (default: ${DEFAULT-VALUE}).")
    int replaySeconds;

    @Option(
            names = "--group-past-ahead",
            description =
                    "With --simulate: group the modelled past's closed hours by hall, rack, pool and tenant at "
                            + "start, before serving (for benchmarks of a console's backfill: real agents read their own past).")
    boolean groupPastAhead;

    @Option(
            names = "--dcgm-port",
            paramLabel = "N",
            description =
                    "With --simulate: also serve the simulated GPUs as dcgm-exporter /metrics endpoints on this port "
                            + "(0 picks a free one), with the values streamed over gRPC; /targets.json lists them for Prometheus.")
    Integer dcgmPort;

    @Option(
            names = "--dcgm-endpoints",
            paramLabel = "rack|node",
            defaultValue = "rack",
            description =
                    "With --dcgm-port: one endpoint per rack (default) or one per node, as real sites run dcgm-exporter.")
    String dcgmEndpoints;

    private final PrintWriter out;

    AgentMain(PrintWriter out) {
        this.out = out;
    }

    public static void main(String[] args) {
        GrpcLog.install();
        System.exit(run(
                args,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        var command = new CommandLine(new AgentMain(out));
        command.setOut(out);
        command.setErr(err);
        command.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            err.println("headroom-agent: " + e.getMessage());
            // A configuration the agent cannot run with is a usage error, like a wrong option.
            return e instanceof ConfigException ? 2 : 1;
        });
        return command.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig config = configFile == null ? null : AgentConfigReader.read(configFile);
        if (config != null) {
            applyConfig(config);
        }
        boolean simulateFromFile =
                config != null && !simulate && !relay && config.sources().simulated() != null;
        if (simulateFromFile && config.sources().hasGpuSource()) {
            throw new ConfigException(configFile + ": sources.simulated serves a whole simulated fleet and cannot be "
                    + "combined with this machine's GPU sources; keep one or the other");
        }
        boolean realNode = config != null && !simulate && !relay && !simulateFromFile;
        if (simulate && relay) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--simulate and --relay exclude each other: an agent is one or the other");
        }
        if (!simulate && !relay && !simulateFromFile && !realNode) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no telemetry source: pass --simulate (a simulated fleet), --config FILE (this machine's GPUs) "
                            + "or --relay with --upstream agents");
        }
        validate();
        if (dcgmPort != null && (relay || realNode)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--dcgm-port serves a simulated fleet's GPUs in dcgm-exporter format; it needs --simulate");
        }
        if (groupPastAhead && (relay || realNode)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--group-past-ahead groups a simulated fleet's modelled past; it needs --simulate");
        }
        var address = new InetSocketAddress(bind, port);
        if (address.isUnresolved()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--bind: cannot resolve address '" + bind + "'");
        }
        EndpointSecurity security = security(config, simulate || simulateFromFile, address);
        if (relay) {
            return runRelay(address, config, security);
        }
        return realNode ? runNode(config, address, security) : runSimulator(address, config, security);
    }

    /**
     * TLS, identities and the audit file, from the configuration. Safe unless told otherwise:
     * plaintext only on loopback (or with {@code tls: off}), and without identities callers may
     * watch but not act. A simulated fleet, which owns no hardware, is open by default.
     */
    private EndpointSecurity security(AgentConfig config, boolean simulated, InetSocketAddress address)
            throws ConfigException, IOException {
        AgentConfig.Tls tls = config == null ? AgentConfig.Tls.UNSET : config.tls();
        String where = config == null ? "" : config.file() + ": ";
        if (!tls.configured()
                && !tls.off()
                && !simulated
                && !address.getAddress().isLoopbackAddress()) {
            throw new ConfigException(
                    where + "listening on " + bind + " without TLS; configure tls: {certificate, "
                            + "private_key} (tools/make-site-ca makes them), or write `tls: off` to serve plaintext on a trusted network");
        }
        AccessPolicy access = config == null
                ? (simulated ? AccessPolicy.OPEN : AccessPolicy.WATCH_ONLY)
                : config.access().policy(simulated ? AccessPolicy.OPEN : AccessPolicy.WATCH_ONLY);
        if (!tls.configured() && access.identities().stream().anyMatch(i -> i.tokenSha256() != null)) {
            throw new ConfigException(where + "identities with tokens need tls: a token sent in plaintext can be read "
                    + "off the network (consoles refuse to send one without TLS)");
        }
        if (!tls.configured() && access.identities().stream().anyMatch(i -> i.subject() != null)) {
            throw new ConfigException(where + "identities by certificate subject need tls with a client_ca");
        }
        if (tls.configured()
                && tls.clientCa() == null
                && access.identities().stream().anyMatch(i -> i.subject() != null)) {
            throw new ConfigException(where + "identities by certificate subject need tls.client_ca, the CA that signs "
                    + "client certificates");
        }
        var serverTls = tls.serverTls();
        if (serverTls != null) {
            try {
                serverTls.credentials(); // the files checked now, with a clear message, not at the first connection
            } catch (TlsFileException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        AuditTrail audit = AuditTrail.NONE;
        if (config != null && config.audit().file() != null) {
            try {
                audit = AuditFile.open(config.audit().file());
            } catch (IOException e) {
                // A directory, a folder that does not exist, a file the agent may not write: the set-up's, exit 2.
                throw new ConfigException(e.getMessage());
            }
        }
        log.info(
                "{}; {}; {}",
                serverTls == null ? "plaintext" + (tls.off() ? " (tls: off)" : "") : serverTls.describe(),
                access.describe(),
                !(audit instanceof AuditFile file)
                        ? "no audit file"
                        : "Execute calls recorded in " + file.file() + ", signed with "
                                + file.signer().keyFile() + " ("
                                + file.signer().fingerprint() + "; keep a copy of "
                                + AuditSigner.publicKeyBeside(file.file())
                                + " elsewhere for verify-audit --public-key)");
        return new EndpointSecurity(serverTls, access, audit);
    }

    /** Takes the file's settings where the command line said nothing: options given there win. */
    private void applyConfig(AgentConfig config) {
        var given = spec.commandLine().getParseResult();
        if (!given.hasMatchedOption("--bind")) {
            bind = config.listen().address();
        }
        if (!given.hasMatchedOption("--port")) {
            port = config.listen().port();
        }
        if (!given.hasMatchedOption("--interval-ms")) {
            intervalMs = config.intervalMs();
        }
        var simulated = config.sources().simulated();
        if (simulated != null && !given.hasMatchedOption("--gpus")) {
            gpus = simulated.gpus();
        }
        if (simulated != null && !given.hasMatchedOption("--seed")) {
            seed = simulated.seed();
        }
    }

    private Integer runNode(AgentConfig config, InetSocketAddress address, EndpointSecurity security) throws Exception {
        if (!config.sources().hasGpuSource()) {
            throw new ConfigException(
                    configFile + ": sources names no GPU source; configure nvidia_smi, dcgm_exporter, "
                            + "rocm_smi, npu_smi, npu_exporter, hy_smi, cnmon or xpu_smi, or pass --simulate");
        }
        NodeAgent agent;
        try {
            agent = NodeAgent.create(config, intervalMs, replaySeconds, InstantSource.system(), security);
        } catch (SourceException e) {
            throw new SourceException(e.getMessage() + " (configured in " + configFile + ")");
        }
        try {
            agent.start(address);
        } catch (IOException e) {
            // A port in use (gRPC or metrics): stop the device tools already running before saying so.
            agent.close();
            throw e;
        }
        out.printf(
                "headroom-agent: serving %s (%d GPUs) at %s:%d, every %d ms%n",
                agent.source().hostname(),
                agent.source().inventory().acceleratorCount(),
                bind,
                agent.port(),
                intervalMs);
        out.flush();
        awaitShutdown(agent);
        return 0;
    }

    private Integer runRelay(InetSocketAddress address, AgentConfig config, EndpointSecurity security)
            throws Exception {
        SiteSecurity defaults = config == null ? SiteSecurity.NONE : config.upstream();
        java.util.Map<AgentEndpoint, SiteSecurity> settings = new java.util.HashMap<>();
        List<AgentEndpoint> endpoints = new ArrayList<>();
        for (String upstream : upstreams) {
            try {
                endpoints.add(AgentEndpoint.parse(upstream));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--upstream: " + e.getMessage());
            }
        }
        if (upstreamFile != null) {
            try {
                var site = AgentList.readSite(upstreamFile);
                site.endpoints().stream().filter(e -> !endpoints.contains(e)).forEach(e -> {
                    endpoints.add(e);
                    settings.put(e, site.security().orElse(defaults));
                });
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--upstream-file: " + e.getMessage());
            }
        }
        if (endpoints.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--relay needs at least one --upstream HOST:PORT (or an --upstream-file)");
        }
        // Up to ~50 batches a second from a 100,000-GPU site; the hub's byte budget bounds memory.
        int replayBatches = Math.max(64, replaySeconds * 50);
        java.util.Map<AgentEndpoint, ChannelSecurity> upstreamSecurity = new java.util.HashMap<>();
        for (AgentEndpoint endpoint : endpoints) {
            try {
                upstreamSecurity.put(
                        endpoint, settings.getOrDefault(endpoint, defaults).resolve(endpoint));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("upstream " + e.getMessage());
            }
        }
        var agent = RelayAgent.start(
                endpoints,
                upstreamSecurity::get,
                address,
                replayBatches,
                RelayAgent.nameFor(config),
                InstantSource.system(),
                security);
        try {
            // The whole site's incidents, when agent.yaml has alerts (webhooks' files read now).
            var incidents = config == null
                    ? null
                    : io.headroom.agent.node.IncidentAlerts.of(
                            config,
                            agent::telemetry,
                            new io.headroom.agent.reclaim.SendCounts(),
                            RelayAgent.nameFor(config),
                            InstantSource.system());
            if (incidents != null) {
                agent.alerting(incidents);
            }
        } catch (io.headroom.agent.source.SourceException e) {
            agent.close();
            throw e;
        }
        out.printf("headroom-agent: relaying %d upstream agents on %s:%d%n", endpoints.size(), bind, agent.port());
        out.flush();
        awaitShutdown(agent);
        return 0;
    }

    private Integer runSimulator(InetSocketAddress address, AgentConfig config, EndpointSecurity security)
            throws Exception {
        FleetShape shape = gpus == FleetShape.DEFAULT.gpus() ? FleetShape.DEFAULT : FleetShape.forGpus(gpus);
        EndpointGrouping grouping = dcgmGrouping();
        var agent = SimulatorAgent.create(
                shape,
                seed,
                intervalMs,
                hostPrefix,
                replaySeconds,
                InstantSource.system(),
                security,
                mix ? SiteMix.MIXED : SiteMix.NVIDIA);
        SimulatedDcgmExporter dcgm = null;
        try {
            if (groupPastAhead) {
                long started = System.nanoTime();
                int hours = agent.groupPastAhead();
                out.printf(
                        "headroom-agent: grouped %,d hours of the simulated past ahead in %.1f s%n",
                        hours, (System.nanoTime() - started) / 1e9);
            }
            agent.start(address);
            if (dcgmPort != null) {
                dcgm = SimulatedDcgmExporter.start(
                        agent.simulator(), agent.publisher()::latest, grouping, new InetSocketAddress(bind, dcgmPort));
            }
        } catch (IOException e) {
            agent.close();
            throw e;
        }
        out.printf(
                "headroom-agent: serving a simulated fleet of %,d GPUs on %,d nodes at %s:%d (seed %d, every %d ms)%n",
                shape.gpus(), shape.nodes(), bind, agent.port(), seed, intervalMs);
        if (dcgm != null) {
            out.printf(
                    "headroom-agent: dcgm-exporter format on http://%s:%d: %,d endpoints, one per %s, listed at /targets.json%n",
                    bind, dcgm.port(), dcgm.endpointCount(), dcgm.grouping());
        }
        out.flush();
        AgentMetrics metrics = null;
        if (config != null && config.metrics().enabled()) {
            metrics = new AgentMetrics(agent.publisher()::latest, List.of(), null, security.audit()::status);
            try {
                metrics.start(AgentMetrics.address(config.metrics()));
            } catch (IOException e) {
                if (dcgm != null) {
                    dcgm.close();
                }
                agent.close();
                throw e;
            }
        }
        AgentMetrics servedMetrics = metrics;
        SimulatedDcgmExporter servedDcgm = dcgm;
        awaitShutdown(() -> {
            if (servedMetrics != null) {
                servedMetrics.close();
            }
            if (servedDcgm != null) {
                servedDcgm.close();
            }
            agent.close();
        });
        return 0;
    }

    /** Runs until the process is told to stop (SIGTERM, Ctrl-C), then closes cleanly. */
    private static void awaitShutdown(AutoCloseable agent) throws InterruptedException {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                agent.close();
            } catch (Exception e) {
                System.err.println("headroom-agent: error while stopping: " + e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private EndpointGrouping dcgmGrouping() {
        try {
            return EndpointGrouping.parse(dcgmEndpoints);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dcgm-endpoints: " + e.getMessage());
        }
    }

    private void validate() {
        if (dcgmPort != null && (dcgmPort < 0 || dcgmPort > 65535)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--dcgm-port must be between 0 and 65535, was " + dcgmPort);
        }
        if (gpus < 8 || gpus > 1_000_000) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--gpus must be between 8 and 1,000,000, was " + gpus);
        }
        if (intervalMs < 100 || intervalMs > 3_600_000) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--interval-ms must be between 100 and 3,600,000, was " + intervalMs);
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--port must be between 0 and 65535, was " + port);
        }
        if (replaySeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--replay-seconds must be at least 1, was " + replaySeconds);
        }
    }
}

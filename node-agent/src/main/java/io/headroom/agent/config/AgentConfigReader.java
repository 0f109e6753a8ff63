package io.headroom.agent.config;

import io.headroom.agent.config.AgentConfig.BmcHost;
import io.headroom.agent.config.AgentConfig.DcgmExporter;
import io.headroom.agent.config.AgentConfig.DeviceTable;
import io.headroom.agent.config.AgentConfig.Kubernetes;
import io.headroom.agent.config.AgentConfig.Listen;
import io.headroom.agent.config.AgentConfig.Metrics;
import io.headroom.agent.config.AgentConfig.NodeIdentity;
import io.headroom.agent.config.AgentConfig.NpuExporter;
import io.headroom.agent.config.AgentConfig.NvidiaSmi;
import io.headroom.agent.config.AgentConfig.PodResources;
import io.headroom.agent.config.AgentConfig.Redfish;
import io.headroom.agent.config.AgentConfig.RocmSmi;
import io.headroom.agent.config.AgentConfig.Scheduler;
import io.headroom.agent.config.AgentConfig.SchedulerBackend;
import io.headroom.agent.config.AgentConfig.Simulated;
import io.headroom.agent.config.AgentConfig.Sources;
import io.headroom.agent.config.AgentConfig.Tls;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code agent.yaml}. Strict on purpose: a key it does not know, a value of the wrong
 * kind or a file that is not YAML stops the agent at start with the line and the reason,
 * rather than running with a setting silently ignored.
 */
public final class AgentConfigReader {

    private static final String MILLISECONDS = "a number of milliseconds";
    private static final int MAX_INTERVAL_MS = 3_600_000;
    private static final int MAX_DEPTH = 32;
    private static final long MAX_BYTES = 1024 * 1024;

    private AgentConfigReader() {}

    public static AgentConfig read(Path file) throws ConfigException {
        return read(file, System::getenv);
    }

    /**
     * Reads {@code file}, taking the values a setting names by environment variable (such as
     * {@code node_name_from_env}) from {@code environment}: null for a variable that is not set.
     */
    public static AgentConfig read(Path file, UnaryOperator<String> environment) throws ConfigException {
        String name = file.toString();
        Node root;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new ConfigException(
                        name + ": larger than " + MAX_BYTES / 1024 + " KiB; is this the agent's configuration?");
            }
            String text = Files.readString(file);
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(name)
                    .setAllowDuplicateKeys(false)
                    .build();
            refuseDeepNesting(name, text, settings);
            Optional<Node> composed = new Compose(settings).composeString(text);
            if (composed.isEmpty()) {
                throw new ConfigException(
                        name + ": the file is empty; see the example agent.yaml shipped with the agent");
            }
            root = composed.get();
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(name + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read it (" + e.getMessage() + ")");
        } catch (MarkedYamlEngineException e) {
            var mark = e.getProblemMark().or(e::getContextMark);
            String where = mark.map(m -> YamlMapping.lineOf(name, m)).orElse(name + ": ");
            throw new ConfigException(
                    where + "not valid YAML: " + e.getProblem() + (e.getContext() == null ? "" : " " + e.getContext()));
        } catch (YamlEngineException e) {
            throw new ConfigException(name + ": not valid YAML: " + e.getMessage());
        }
        return read(file, YamlMapping.root(name, root), environment);
    }

    /**
     * The composer recurses once per level, so a file nested thousands deep (fuzzing made one)
     * would end the agent with a StackOverflowError. The parser's events come one by one: count
     * the depth on them first. agent.yaml needs four levels.
     */
    private static void refuseDeepNesting(String name, String text, LoadSettings settings) throws ConfigException {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            if (event instanceof CollectionStartEvent) {
                if (++depth > MAX_DEPTH) {
                    String where = event.getStartMark()
                            .map(m -> YamlMapping.lineOf(name, m))
                            .orElse(name + ": ");
                    throw new ConfigException(
                            where + "nested deeper than " + MAX_DEPTH + " levels; agent.yaml needs 4");
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    private static AgentConfig read(Path file, YamlMapping top, UnaryOperator<String> environment)
            throws ConfigException {
        top.allowOnly(Set.of(
                "listen",
                "node",
                "interval_ms",
                "sources",
                "scheduler",
                "metrics",
                "tls",
                "auth",
                "identities",
                "audit",
                "upstream",
                "workloads",
                "notify",
                "held_idle",
                "alerts",
                "history"));
        int intervalMs = top.integer("interval_ms", 1000, 100, MAX_INTERVAL_MS, MILLISECONDS);
        var notify = NotifySections.notify(top.mapping("notify"));
        var heldIdle = NotifySections.heldIdle(top.mapping("held_idle"));
        NotifySections.checkRulesHaveWebhooks(notify, heldIdle, file.toString());
        return new AgentConfig(
                file,
                listen(top.mapping("listen")),
                node(top.mapping("node")),
                intervalMs,
                sources(top, intervalMs),
                scheduler(top.mapping("scheduler"), environment),
                metrics(top.mapping("metrics")),
                tls(top),
                SecuritySections.access(top),
                SecuritySections.audit(top.mapping("audit")),
                SecuritySections.upstream(top.mapping("upstream")),
                workloads(top.mapping("workloads")),
                notify,
                heldIdle,
                AlertSections.alerts(top.mapping("alerts")),
                history(top.mapping("history")));
    }

    private static AgentConfig.History history(YamlMapping section) throws ConfigException {
        if (section == null) {
            return AgentConfig.History.DEFAULT;
        }
        section.allowOnly(Set.of("enabled", "directory"));
        Path directory = section.path("directory", false);
        return new AgentConfig.History(
                section.bool("enabled", true),
                directory == null ? AgentConfig.History.DEFAULT_DIRECTORY : directory,
                directory != null);
    }

    private static AgentConfig.Workloads workloads(YamlMapping section) throws ConfigException {
        if (section == null) {
            return AgentConfig.Workloads.DEFAULT;
        }
        section.allowOnly(Set.of("enabled", "interval_ms", "timeout_ms"));
        return new AgentConfig.Workloads(
                section.bool("enabled", true),
                section.integer("interval_ms", 10_000, 1000, MAX_INTERVAL_MS, MILLISECONDS),
                section.integer("timeout_ms", 10_000, 1000, 120_000, MILLISECONDS));
    }

    private static Listen listen(YamlMapping listen) throws ConfigException {
        if (listen == null) {
            return new Listen("127.0.0.1", 50051);
        }
        listen.allowOnly(Set.of("address", "port"));
        return new Listen(listen.string("address", "127.0.0.1"), listen.integer("port", 50051, 0, 65535, "a TCP port"));
    }

    private static NodeIdentity node(YamlMapping node) throws ConfigException {
        if (node == null) {
            return new NodeIdentity("", "", "default", "hall-1", "rack-1", "", 1, 1, 0, "default", "");
        }
        node.allowOnly(Set.of(
                "hostname",
                "serial",
                "site",
                "hall",
                "rack",
                "rack_row",
                "rack_unit",
                "u_height",
                "rack_power_budget_kw",
                "pool",
                "tenant"));
        return new NodeIdentity(
                node.string("hostname", ""),
                node.string("serial", ""),
                nonBlank(node, "site", "default"),
                nonBlank(node, "hall", "hall-1"),
                nonBlank(node, "rack", "rack-1"),
                node.string("rack_row", ""),
                node.integer("rack_unit", 1, 1, 60, "a rack unit from 1"),
                node.integer("u_height", 1, 1, 60, "a height in rack units"),
                node.decimal("rack_power_budget_kw", 0, 0, "a power in kW"),
                nonBlank(node, "pool", "default"),
                node.string("tenant", ""));
    }

    private static String nonBlank(YamlMapping section, String key, String fallback) throws ConfigException {
        String value = section.string(key, fallback);
        if (value.isBlank()) {
            throw section.error(key, "must not be empty (leave the line out for '" + fallback + "')");
        }
        return value;
    }

    private static Sources sources(YamlMapping top, int intervalMs) throws ConfigException {
        YamlMapping sources = top.mapping("sources");
        if (sources == null) {
            return new Sources(null, null, null, null, null, null, null, null, null, null);
        }
        sources.allowOnly(Set.of(
                "nvidia_smi",
                "dcgm_exporter",
                "rocm_smi",
                "redfish",
                "simulated",
                "npu_smi",
                "npu_exporter",
                "hy_smi",
                "cnmon",
                "xpu_smi"));
        return new Sources(
                nvidiaSmi(sources.section("nvidia_smi"), intervalMs),
                dcgm(sources.section("dcgm_exporter"), intervalMs),
                rocm(sources.section("rocm_smi"), intervalMs),
                redfish(sources.section("redfish")),
                simulated(sources.section("simulated")),
                deviceTable(sources.section("npu_smi"), intervalMs, "/usr/local/sbin/npu-smi"),
                npuExporter(sources.section("npu_exporter"), intervalMs),
                deviceTable(sources.section("hy_smi"), intervalMs, "/opt/hyhal/bin/hy-smi"),
                deviceTable(sources.section("cnmon"), intervalMs, "/usr/bin/cnmon"),
                deviceTable(sources.section("xpu_smi"), intervalMs, "/usr/local/xpu/bin/xpu_smi"));
    }

    private static DeviceTable deviceTable(YamlMapping section, int intervalMs, String defaultPath)
            throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("path", "interval_ms"));
        Path path = section.path("path", false);
        // These tools take a second or more to print; reading them more often than that only queues runs.
        return new DeviceTable(
                path == null ? Path.of(defaultPath) : path,
                section.integer("interval_ms", Math.max(1000, intervalMs), 1000, MAX_INTERVAL_MS, MILLISECONDS));
    }

    private static NpuExporter npuExporter(YamlMapping section, int intervalMs) throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("url", "interval_ms", "timeout_ms"));
        return new NpuExporter(
                section.url("url", URI.create("http://127.0.0.1:8082/metrics"), true),
                section.integer("interval_ms", intervalMs, 100, MAX_INTERVAL_MS, MILLISECONDS),
                section.integer("timeout_ms", 2000, 100, 60_000, MILLISECONDS));
    }

    private static NvidiaSmi nvidiaSmi(YamlMapping section, int intervalMs) throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("path", "interval_ms", "inventory_interval_ms"));
        Path path = section.path("path", false);
        return new NvidiaSmi(
                path == null ? Path.of("/usr/bin/nvidia-smi") : path,
                section.integer("interval_ms", intervalMs, 100, MAX_INTERVAL_MS, MILLISECONDS),
                section.integer("inventory_interval_ms", 10_000, 1000, MAX_INTERVAL_MS, MILLISECONDS));
    }

    private static DcgmExporter dcgm(YamlMapping section, int intervalMs) throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("url", "interval_ms", "timeout_ms"));
        return new DcgmExporter(
                section.url("url", URI.create("http://127.0.0.1:9400/metrics"), true),
                section.integer("interval_ms", intervalMs, 100, MAX_INTERVAL_MS, MILLISECONDS),
                section.integer("timeout_ms", 2000, 100, 60_000, MILLISECONDS));
    }

    private static RocmSmi rocm(YamlMapping section, int intervalMs) throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("path", "interval_ms"));
        Path path = section.path("path", false);
        return new RocmSmi(
                path == null ? Path.of("/opt/rocm/bin/rocm-smi") : path,
                section.integer("interval_ms", intervalMs, 100, MAX_INTERVAL_MS, MILLISECONDS));
    }

    private static Redfish redfish(YamlMapping section) throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("credentials_file", "hosts", "interval_ms", "timeout_ms"));
        Path credentials = section.path("credentials_file", false);
        if (credentials == null) {
            throw section.error("credentials_file", "is needed: a file holding username:password for the BMCs");
        }
        List<BmcHost> hosts = new ArrayList<>();
        for (YamlMapping host : section.mappings("hosts")) {
            host.allowOnly(Set.of("url", "ca_file", "insecure_skip_tls_verify"));
            if (!host.has("url")) {
                throw host.sectionError("needs a url, e.g. https://10.0.0.21");
            }
            URI url = host.url("url", null, true);
            // Checked when the source starts, not here: `--simulate` must run with a file that names BMCs this machine
            // lacks.
            Path ca = host.path("ca_file", false);
            boolean insecure = host.bool("insecure_skip_tls_verify", false);
            if (ca != null && insecure) {
                throw host.error("insecure_skip_tls_verify", "cannot be combined with ca_file: choose one");
            }
            hosts.add(new BmcHost(url, ca, insecure));
        }
        if (hosts.isEmpty()) {
            throw section.error("hosts", "must list at least one BMC (- url: https://...)");
        }
        // BMCs are slow and easily overloaded; every 10 s is what their vendors suggest at most.
        return new Redfish(
                credentials,
                hosts,
                section.integer("interval_ms", 10_000, 1000, MAX_INTERVAL_MS, MILLISECONDS),
                section.integer("timeout_ms", 5000, 100, 60_000, MILLISECONDS));
    }

    private static Simulated simulated(YamlMapping section) throws ConfigException {
        if (section == null) {
            return null;
        }
        section.allowOnly(Set.of("gpus", "seed"));
        return new Simulated(
                section.integer("gpus", 10_240, 8, 1_000_000, "a number of GPUs"),
                section.longValue("seed", 42, "a whole number"));
    }

    private static final Path STATE_DIRECTORY = Path.of("/var/lib/headroom-agent");
    private static final String STATE_FILE = "nodes.properties";

    private static Scheduler scheduler(YamlMapping section, UnaryOperator<String> environment) throws ConfigException {
        if (section == null) {
            return new Scheduler(
                    SchedulerBackend.NONE,
                    STATE_DIRECTORY,
                    STATE_DIRECTORY.resolve(STATE_FILE),
                    "scontrol",
                    5000,
                    "nvidia-smi",
                    60_000,
                    null);
        }
        section.allowOnly(Set.of(
                "backend",
                "state_directory",
                "state_file",
                "scontrol",
                "poll_interval_ms",
                "nvidia_smi",
                "command_timeout_ms",
                "kubernetes"));
        String backend = section.choice("backend", "none", List.of("none", "standalone", "slurm", "kubernetes"));
        Path stateDirectory = section.path("state_directory", false);
        stateDirectory = stateDirectory == null ? STATE_DIRECTORY : stateDirectory;
        Path stateFile = section.path("state_file", false);
        YamlMapping kubernetes = section.section("kubernetes");
        if (kubernetes != null && !backend.equals("kubernetes")) {
            throw section.error("kubernetes", "is read only with backend: kubernetes (backend is " + backend + ")");
        }
        if (kubernetes == null && backend.equals("kubernetes")) {
            throw section.error(
                    "backend",
                    "kubernetes needs a scheduler.kubernetes section with kubeconfig: FILE,"
                            + " or in_cluster: true when the agent runs in a pod");
        }
        return new Scheduler(
                SchedulerBackend.valueOf(backend.toUpperCase(Locale.ROOT)),
                stateDirectory,
                stateFile == null ? stateDirectory.resolve(STATE_FILE) : stateFile,
                section.string("scontrol", "scontrol"),
                section.integer("poll_interval_ms", 5000, 500, 600_000, "a number of milliseconds"),
                section.string("nvidia_smi", "nvidia-smi"),
                section.integer("command_timeout_ms", 60_000, 1000, 3_600_000, "a number of milliseconds"),
                kubernetes == null ? null : kubernetes(kubernetes, environment));
    }

    /** The console waits 30 s for an answer; a drain must have given its answer by then. */
    private static final int ANSWER_WITHIN_MS = 28_000;

    private static Kubernetes kubernetes(YamlMapping section, UnaryOperator<String> environment)
            throws ConfigException {
        section.allowOnly(Set.of(
                "kubeconfig",
                "context",
                "in_cluster",
                "node_name",
                "node_name_from_env",
                "pool_label",
                "tenant_label",
                "request_timeout_ms",
                "eviction_timeout_ms",
                "mig_config_wait_ms",
                "pod_resources_socket",
                "pod_resources_interval_ms",
                "pod_resources_timeout_ms",
                "user_label",
                "namespace_tenants"));
        Path kubeconfig = section.path("kubeconfig", true);
        boolean inCluster = section.bool("in_cluster", false);
        if (kubeconfig != null && inCluster) {
            throw section.error("in_cluster", "cannot be combined with kubeconfig: choose one");
        }
        if (kubeconfig == null && !inCluster) {
            throw section.sectionError("needs kubeconfig: FILE, or in_cluster: true when the agent runs in a pod");
        }
        String context = section.string("context", "");
        if (!context.isEmpty() && kubeconfig == null) {
            throw section.error("context", "is a kubeconfig context; it needs kubeconfig: FILE");
        }
        String nodeName = NodeNameFromEnvironment.read(section, environment);
        if (!nodeName.isEmpty() && !KubernetesNames.isNodeName(nodeName)) {
            throw section.error(
                    "node_name",
                    "must be a Kubernetes node name (lower-case letters, digits, '-' and '.')," + " was '" + nodeName
                            + "'");
        }
        String poolLabel = labelKey(section, "pool_label", "headroom.io/pool");
        String tenantLabel = labelKey(section, "tenant_label", "");
        int requestTimeout = section.integer("request_timeout_ms", 5000, 1000, 25_000, MILLISECONDS);
        int evictionTimeout = section.integer("eviction_timeout_ms", 15_000, 0, 25_000, MILLISECONDS);
        if (requestTimeout + evictionTimeout > ANSWER_WITHIN_MS) {
            throw section.error(
                    "eviction_timeout_ms",
                    "and request_timeout_ms together must stay under " + ANSWER_WITHIN_MS
                            + " ms, so a drain answers before the console stops waiting (30 s); they are "
                            + evictionTimeout
                            + " + " + requestTimeout);
        }
        int migWait = section.integer("mig_config_wait_ms", 10_000, 0, 25_000, MILLISECONDS);
        String userLabel = labelKey(section, "user_label", "");
        return new Kubernetes(
                kubeconfig,
                context.isEmpty() ? null : context,
                inCluster,
                nodeName,
                poolLabel,
                tenantLabel.isEmpty() ? null : tenantLabel,
                requestTimeout,
                evictionTimeout,
                migWait,
                podResources(section),
                userLabel.isEmpty() ? null : userLabel,
                namespaceTenants(section.mapping("namespace_tenants")));
    }

    private static PodResources podResources(YamlMapping section) throws ConfigException {
        // Not checked for existence here: the kubelet may create its socket after the agent starts.
        Path socket = section.path("pod_resources_socket", false);
        int timeout = section.integer("pod_resources_timeout_ms", 2000, 100, 30_000, MILLISECONDS);
        int interval = section.integer("pod_resources_interval_ms", 10_000, 1000, 600_000, MILLISECONDS);
        if (timeout >= interval) {
            throw section.error(
                    "pod_resources_timeout_ms",
                    "must be shorter than pod_resources_interval_ms (" + interval + " ms), was " + timeout);
        }
        return new PodResources(socket == null ? PodResources.KUBELET_SOCKET : socket, interval, timeout);
    }

    /** {@code namespace: tenant} lines; a namespace must be one Kubernetes could have. */
    private static Map<String, String> namespaceTenants(YamlMapping section) throws ConfigException {
        if (section == null) {
            return Map.of();
        }
        Map<String, String> tenants = new LinkedHashMap<>();
        for (String namespace : section.keys()) {
            if (!KubernetesNames.isNamespace(namespace)) {
                throw section.error(
                        namespace,
                        "is not a Kubernetes namespace (up to 63 lower-case letters, digits and '-', starting"
                                + " and ending with a letter or digit)");
            }
            String tenant = section.string(namespace, "").strip();
            if (tenant.isEmpty()) {
                throw section.error(namespace, "needs a tenant name");
            }
            tenants.put(namespace, tenant);
        }
        return tenants;
    }

    private static String labelKey(YamlMapping section, String key, String fallback) throws ConfigException {
        String value = section.string(key, fallback);
        if (!value.isEmpty() && !KubernetesNames.isLabelKey(value)) {
            throw section.error(
                    key,
                    "must be a Kubernetes label key such as headroom.io/pool (an optional DNS prefix and"
                            + " '/', then up to 63 letters, digits, '-', '_' or '.'), was '" + value + "'");
        }
        return value;
    }

    private static Metrics metrics(YamlMapping section) throws ConfigException {
        if (section == null) {
            return new Metrics(false, "127.0.0.1", 9477);
        }
        section.allowOnly(Set.of("enabled", "address", "port"));
        return new Metrics(
                section.bool("enabled", false),
                section.string("address", "127.0.0.1"),
                section.integer("port", 9477, 0, 65535, "a TCP port"));
    }

    private static Tls tls(YamlMapping top) throws ConfigException {
        if (top.isWord("tls")) {
            if (!top.choice("tls", "off", List.of("off")).equals("off")) {
                throw top.error("tls", "must be a section (certificate, private_key, client_ca) or the word off");
            }
            return new Tls(null, null, null, false, true);
        }
        YamlMapping section = top.mapping("tls");
        if (section == null) {
            return Tls.UNSET;
        }
        section.allowOnly(Set.of("certificate", "private_key", "client_ca", "client_certificates"));
        Path certificate = section.path("certificate", true);
        Path key = section.path("private_key", true);
        if ((certificate == null) != (key == null)) {
            throw section.error(
                    certificate == null ? "certificate" : "private_key",
                    "is needed too: a certificate and its private key go together");
        }
        Path clientCa = section.path("client_ca", true);
        if (clientCa != null && certificate == null) {
            throw section.error(
                    "client_ca", "needs the agent's own certificate and private_key too: mutual TLS is TLS first");
        }
        String clientCertificates = section.choice("client_certificates", "required", List.of("required", "optional"));
        if (section.has("client_certificates") && clientCa == null) {
            throw section.error("client_certificates", "needs client_ca, the CA that signs them");
        }
        return new Tls(certificate, key, clientCa, clientCertificates.equals("optional"), false);
    }
}

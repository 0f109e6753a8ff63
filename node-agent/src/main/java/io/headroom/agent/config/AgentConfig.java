package io.headroom.agent.config;

import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.access.Identity;
import io.headroom.agent.tls.ServerTls;
import io.headroom.wire.security.SiteSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What one agent configuration file says (see {@code node-agent/src/main/dist/agent.yaml}).
 * Sources that the file does not mention are null.
 */
public record AgentConfig(
        Path file,
        Listen listen,
        NodeIdentity node,
        int intervalMs,
        Sources sources,
        Scheduler scheduler,
        Metrics metrics,
        Tls tls,
        Access access,
        Audit audit,
        SiteSecurity upstream,
        Workloads workloads,
        Notify notices,
        HeldIdle heldIdle,
        Alerts alerts,
        History history) {

    public record Listen(String address, int port) {}

    /**
     * The agent's own incidents sent to chat groups ({@code alerts}), for sites without Prometheus.
     *
     * @param intervalMs     how often the agent looks for incidents opening and resolving
     * @param allowPlainHttp whether a webhook over plain HTTP to another machine is allowed
     * @param webhooks       where every incident goes (their {@code pools} are not used)
     */
    public record Alerts(int intervalMs, boolean allowPlainHttp, List<WebhookEntry> webhooks) {
        public static final Alerts UNSET = new Alerts(5_000, false, List.of());

        public Alerts {
            webhooks = List.copyOf(webhooks);
        }
    }

    /**
     * How this machine appears in the console. Racks and halls are matched by name across
     * agents, so every node in one rack names it the same way.
     *
     * @param hostname empty for the machine's own hostname
     */
    public record NodeIdentity(
            String hostname,
            String serial,
            String site,
            String hall,
            String rack,
            String rackRow,
            int rackUnit,
            int uHeight,
            double rackPowerBudgetKw,
            String pool,
            String tenant) {}

    /**
     * The device sources to read; null where the section is left out.
     *
     * @param npuSmi      Huawei Ascend through npu-smi
     * @param npuExporter Huawei Ascend through a running npu-exporter
     * @param hySmi       Hygon DCU through hy-smi (Hygon's rocm-smi is {@code rocmSmi})
     * @param cnmon       Cambricon MLU through cnmon
     * @param xpuSmi      Kunlunxin XPU through xpu_smi
     */
    public record Sources(
            NvidiaSmi nvidiaSmi,
            DcgmExporter dcgmExporter,
            RocmSmi rocmSmi,
            Redfish redfish,
            Simulated simulated,
            DeviceTable npuSmi,
            NpuExporter npuExporter,
            DeviceTable hySmi,
            DeviceTable cnmon,
            DeviceTable xpuSmi) {
        public boolean hasGpuSource() {
            return nvidiaSmi != null
                    || dcgmExporter != null
                    || rocmSmi != null
                    || npuSmi != null
                    || npuExporter != null
                    || hySmi != null
                    || cnmon != null
                    || xpuSmi != null;
        }
    }

    /** A vendor's tool that prints a table of its accelerators (npu-smi, hy-smi, cnmon, xpu_smi) and how often it runs. */
    public record DeviceTable(Path path, int intervalMs) {}

    /** Ascend's npu-exporter: its /metrics and how often and how long it is scraped. */
    public record NpuExporter(URI url, int intervalMs, int timeoutMs) {}

    /**
     * Where nvidia-smi is and how often it is read.
     *
     * @param inventoryIntervalMs how often {@code nvidia-smi -q -x} is read again (MIG layout, per-slice memory)
     */
    public record NvidiaSmi(Path path, int intervalMs, int inventoryIntervalMs) {}

    public record DcgmExporter(URI url, int intervalMs, int timeoutMs) {}

    public record RocmSmi(Path path, int intervalMs) {}

    /**
     * The BMCs to read and how to log in to them.
     *
     * @param credentialsFile "username:password" on one line, readable by the agent's user only
     */
    public record Redfish(Path credentialsFile, List<BmcHost> hosts, int intervalMs, int timeoutMs) {}

    /**
     * One baseboard management controller.
     *
     * @param caFile the PEM certificate(s) its HTTPS certificate is checked against; null with
     *               {@code insecureSkipTlsVerify}, or for the JDK's default trust store
     */
    public record BmcHost(URI url, Path caFile, boolean insecureSkipTlsVerify) {}

    public record Simulated(int gpus, long seed) {}

    /**
     * Who owns the node, and how the agent reaches it.
     *
     * @param stateDirectory   where the agent keeps what must survive a restart: the operations
     *                         ledger (every backend but none) and, by default, the standalone state file
     * @param stateFile        standalone: where drained, pool and tenant are kept across restarts
     * @param scontrol         slurm: the scontrol program
     * @param pollIntervalMs   slurm and kubernetes: how often the node's state is read back for the console
     * @param nvidiaSmi        the nvidia-smi that runs re-slice plans
     * @param commandTimeoutMs how long one scontrol or nvidia-smi command may take
     * @param kubernetes       kubernetes: how to reach the API server; null for the other backends
     */
    public record Scheduler(
            SchedulerBackend backend,
            Path stateDirectory,
            Path stateFile,
            String scontrol,
            int pollIntervalMs,
            String nvidiaSmi,
            int commandTimeoutMs,
            Kubernetes kubernetes) {}

    /**
     * The Kubernetes API server and this node in it.
     *
     * @param kubeconfig        the kubeconfig file; null with {@code inCluster}
     * @param context           the kubeconfig context; null for its current-context
     * @param inCluster         the agent runs in a pod and uses its service account
     * @param nodeName          this machine's Node object; empty for the agent's hostname
     * @param poolLabel         the node label that names its pool (reassign sets it)
     * @param tenantLabel       the node label that names its tenant; null when tenants are not kept in Kubernetes
     * @param requestTimeoutMs  how long one API request may take
     * @param evictionTimeoutMs how long a drain keeps retrying evictions a PodDisruptionBudget refuses
     * @param migConfigWaitMs   how long a re-slice waits for the GPU Operator to report success or failure
     * @param podResources      the kubelet's PodResources socket: which pod holds which GPU
     * @param userLabel         the pod label that names the person a pod is for; null when none does
     * @param namespaceTenants  the tenant each namespace belongs to; a namespace not listed has no tenant
     */
    public record Kubernetes(
            Path kubeconfig,
            String context,
            boolean inCluster,
            String nodeName,
            String poolLabel,
            String tenantLabel,
            int requestTimeoutMs,
            int evictionTimeoutMs,
            int migConfigWaitMs,
            PodResources podResources,
            String userLabel,
            java.util.Map<String, String> namespaceTenants) {
        public Kubernetes {
            namespaceTenants = java.util.Map.copyOf(namespaceTenants);
        }
    }

    /**
     * Where and how often the agent asks the kubelet which devices it gave to which pod.
     *
     * @param socket     the kubelet's unix socket
     * @param intervalMs how often it is asked
     * @param timeoutMs  how long one answer may take
     */
    public record PodResources(Path socket, int intervalMs, int timeoutMs) {
        public static final Path KUBELET_SOCKET = Path.of("/var/lib/kubelet/pod-resources/kubelet.sock");
    }

    public enum SchedulerBackend {
        /** No scheduler: the agent reports and carries out no operations. */
        NONE,
        STANDALONE,
        SLURM,
        KUBERNETES
    }

    /**
     * Who holds this node's accelerators: the scheduler's jobs and the device tools' compute
     * processes, read every interval on a thread of their own.
     *
     * @param enabled    false reads none (the console then shows no holders for this node)
     * @param intervalMs how often they are read
     * @param timeoutMs  how long one nvidia-smi or rocm-smi process listing may take (Slurm's
     *                   commands take scheduler.command_timeout_ms)
     */
    public record Workloads(boolean enabled, int intervalMs, int timeoutMs) {
        public static final Workloads DEFAULT = new Workloads(true, 10_000, 10_000);
    }

    /** The agent's own Prometheus endpoint. */
    public record Metrics(boolean enabled, String address, int port) {}

    /**
     * TLS on the agent's gRPC port.
     *
     * @param off true for {@code tls: off}: plaintext on purpose (a trusted network)
     */
    public record Tls(
            Path certificate, Path privateKey, Path clientCa, boolean clientCertificateOptional, boolean off) {
        public static final Tls UNSET = new Tls(null, null, null, false, false);

        public boolean configured() {
            return certificate != null;
        }

        public ServerTls serverTls() {
            return configured() ? new ServerTls(certificate, privateKey, clientCa, clientCertificateOptional) : null;
        }
    }

    /**
     * Who may call: {@code auth: none} admits anyone as an operator; identities admit only
     * themselves; with neither, anyone may watch and nobody may act.
     */
    public record Access(AuthMode mode, List<Identity> identities) {
        public static final Access UNSET = new Access(AuthMode.DEFAULT, List.of());

        public Access {
            identities = List.copyOf(identities);
        }

        /** The policy, with {@code fallback} when the file says nothing about it. */
        public AccessPolicy policy(AccessPolicy fallback) {
            if (!identities.isEmpty()) {
                return AccessPolicy.identities(identities);
            }
            return mode == AuthMode.NONE ? AccessPolicy.OPEN : fallback;
        }
    }

    public enum AuthMode {
        /** Not said: identities when listed, otherwise the shape's default (watch only; open for a simulator). */
        DEFAULT,
        /** {@code auth: none}: every caller may do everything (today's behaviour, on purpose). */
        NONE,
        /** {@code auth: identities}: only listed identities, and at least one must be. */
        IDENTITIES
    }

    /**
     * Where Execute calls are recorded.
     *
     * @param file the append-only, hash-chained record of Execute calls; null keeps none
     */
    public record Audit(Path file) {}

    /**
     * The node's own history (GetHistory): minutes, hours and days per GPU in {@code directory}.
     *
     * @param configured true when agent.yaml names the directory: then a folder the agent cannot write
     *                   stops it; the default folder only turns history off, with a warning
     */
    public record History(boolean enabled, Path directory, boolean configured) {
        public static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/headroom-agent/history");
        public static final History DEFAULT = new History(true, DEFAULT_DIRECTORY, false);
    }

    /**
     * Telling the owners of workloads (NOTIFY_OWNER, and the held-idle policy's warnings).
     *
     * @param consoleLink a link to the console with {@code {id}} where the workload id goes; empty for none
     */
    public record Notify(String consoleLink, List<WebhookEntry> webhooks) {
        public static final Notify UNSET = new Notify("", List.of());

        public Notify {
            webhooks = List.copyOf(webhooks);
        }
    }

    /**
     * One webhook as the file names it; its secrets are read when the agent starts
     * ({@link NotifySections#webhooks}).
     *
     * @param kind       generic, wecom, dingtalk or feishu
     * @param url        the address, for a webhook whose address holds no key; null with {@code urlFile}
     * @param urlFile    a file (owner-only) holding the whole address, robot key included
     * @param secretFile a file (owner-only) holding the signing secret; null for none
     * @param language   zh-CN or en
     * @param message    rich (markdown, Feishu post) or text
     * @param pools      pools, partitions or namespaces it serves; "*" for any
     */
    public record WebhookEntry(
            String where,
            String name,
            String kind,
            URI url,
            Path urlFile,
            Path secretFile,
            String language,
            String message,
            List<String> pools,
            int timeoutMs,
            int tries) {
        public WebhookEntry {
            pools = List.copyOf(pools);
        }
    }

    /**
     * The held-idle policy.
     *
     * @param stateFile where it remembers its warnings; null for {@code held-idle.state} in the
     *                  scheduler's state directory
     */
    public record HeldIdle(int intervalMs, Path stateFile, List<io.headroom.agent.reclaim.HeldIdleRule> rules) {
        public static final HeldIdle UNSET = new HeldIdle(60_000, null, List.of());

        public HeldIdle {
            rules = List.copyOf(rules);
        }

        public Path stateFileIn(Path stateDirectory) {
            return stateFile != null ? stateFile : stateDirectory.resolve("held-idle.state");
        }
    }
}

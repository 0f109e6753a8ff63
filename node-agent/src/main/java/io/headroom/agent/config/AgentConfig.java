package io.headroom.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What one agent configuration file says (see {@code node-agent/src/main/dist/agent.yaml}).
 * Sources that the file does not mention are null.
 */
public record AgentConfig(Path file, Listen listen, NodeIdentity node, int intervalMs, Sources sources,
                          SchedulerBackend scheduler, Metrics metrics, Tls tls) {

    public record Listen(String address, int port) {}

    /**
     * How this machine appears in the console. Racks and halls are matched by name across
     * agents, so every node in one rack names it the same way.
     *
     * @param hostname empty for the machine's own hostname
     */
    public record NodeIdentity(String hostname, String serial, String site, String hall, String rack, String rackRow,
                               int rackUnit, int uHeight, double rackPowerBudgetKw, String pool, String tenant) {}

    public record Sources(NvidiaSmi nvidiaSmi, DcgmExporter dcgmExporter, RocmSmi rocmSmi, Redfish redfish,
                          Simulated simulated) {
        public boolean hasGpuSource() {
            return nvidiaSmi != null || dcgmExporter != null || rocmSmi != null;
        }
    }

    /** @param inventoryIntervalMs how often {@code nvidia-smi -q -x} is read again (MIG layout, per-slice memory) */
    public record NvidiaSmi(Path path, int intervalMs, int inventoryIntervalMs) {}

    public record DcgmExporter(URI url, int intervalMs, int timeoutMs) {}

    public record RocmSmi(Path path, int intervalMs) {}

    /** @param credentialsFile "username:password" on one line, readable by the agent's user only */
    public record Redfish(Path credentialsFile, List<BmcHost> hosts, int intervalMs, int timeoutMs) {}

    /**
     * One baseboard management controller.
     *
     * @param caFile the PEM certificate(s) its HTTPS certificate is checked against; null with
     *               {@code insecureSkipTlsVerify}, or for the JDK's default trust store
     */
    public record BmcHost(URI url, Path caFile, boolean insecureSkipTlsVerify) {}

    public record Simulated(int gpus, long seed) {}

    public enum SchedulerBackend {
        /** No scheduler: the agent reports and carries out no operations. */
        NONE, STANDALONE, SLURM, KUBERNETES
    }

    /** The agent's own Prometheus endpoint. */
    public record Metrics(boolean enabled, String address, int port) {}

    /** Reserved for the security issue: the files are checked to exist, nothing else yet. */
    public record Tls(Path certificate, Path privateKey, Path clientCa) {}
}

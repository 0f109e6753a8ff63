package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.Generations;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.operations.kubernetes.podresources.GpuAttribution;
import io.headroom.agent.source.Backoff;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Drain, resume, reassign, re-slice and evict through the Kubernetes API, never around it: a drain
 * cordons the node and evicts its pods through the Eviction API (so PodDisruptionBudgets hold),
 * a reassign sets the pool label, a re-slice sets the GPU Operator's {@code nvidia.com/mig.config}
 * label and follows its {@code mig.config.state}.
 *
 * <p>Generations: the node's generation for the console moves when what an operator acts on
 * changes (cordon, pods, pool, MIG config), as Kubernetes reports it; not on every
 * resourceVersion, which the kubelet moves with each status report. Every write is made
 * against the resourceVersion just read, so a change between reading and writing is a
 * CONFLICT from the API server itself, and nothing is done.
 */
public final class KubernetesOperations implements OperationHandler {

    /** Label values: 63 characters, alphanumeric at both ends (empty is allowed by Kubernetes, not here). */
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    static final String DRAIN_REASON = "headroom.io/drain-reason";

    /**
     * How this node's operations use Kubernetes.
     *
     * @param nodeName       this machine's Node object
     * @param poolLabel      the label reassign sets
     * @param tenantLabel    the label a tenant reassign sets; null when tenants are not kept in Kubernetes
     * @param evictionTimeout how long evictions refused by a PodDisruptionBudget are retried
     * @param migConfigWait  how long a re-slice waits for the MIG manager's verdict before answering
     */
    public record Settings(
            String nodeName, String poolLabel, String tenantLabel, Duration evictionTimeout, Duration migConfigWait) {}

    /** The node as read now, and its generation for the console. */
    public record Observed(ClusterNode node, long generation) {}

    private final KubernetesClient client;
    private final Settings settings;
    private final String hostname;
    private final Generations generations;
    private final Function<String, List<Accelerator>> gpus;
    private final BiPredicate<String, Integer> busy;
    private final Waiting waiting;
    private final Backoff backoff;
    private final NodePatches patches;
    private final Supplier<Optional<GpuAttribution>> held;

    /**
     * @param hostname the name the console knows this node by
     * @param gpus     the node's GPUs, from the agent's inventory
     * @param busy     whether that GPU is above the idle threshold now
     */
    public KubernetesOperations(
            KubernetesClient client,
            Settings settings,
            String hostname,
            Generations generations,
            Function<String, List<Accelerator>> gpus,
            BiPredicate<String, Integer> busy) {
        this(client, settings, hostname, generations, gpus, busy, Optional::empty);
    }

    /**
     * @param held which pod holds which GPU, as the kubelet last said; empty when unknown
     */
    public KubernetesOperations(
            KubernetesClient client,
            Settings settings,
            String hostname,
            Generations generations,
            Function<String, List<Accelerator>> gpus,
            BiPredicate<String, Integer> busy,
            Supplier<Optional<GpuAttribution>> held) {
        this(
                client,
                settings,
                hostname,
                generations,
                gpus,
                busy,
                Waiting.REAL,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5)),
                held);
    }

    KubernetesOperations(
            KubernetesClient client,
            Settings settings,
            String hostname,
            Generations generations,
            Function<String, List<Accelerator>> gpus,
            BiPredicate<String, Integer> busy,
            Waiting waiting,
            Backoff backoff) {
        this(client, settings, hostname, generations, gpus, busy, waiting, backoff, Optional::empty);
    }

    KubernetesOperations(
            KubernetesClient client,
            Settings settings,
            String hostname,
            Generations generations,
            Function<String, List<Accelerator>> gpus,
            BiPredicate<String, Integer> busy,
            Waiting waiting,
            Backoff backoff,
            Supplier<Optional<GpuAttribution>> held) {
        this.client = client;
        this.settings = settings;
        this.hostname = hostname;
        this.generations = generations;
        this.gpus = gpus;
        this.busy = busy;
        this.waiting = waiting;
        this.backoff = backoff;
        this.patches = new NodePatches(settings.nodeName());
        this.held = held;
    }

    /** Reads the node and its pods, and moves the generation on if what an operator acts on changed. */
    public Observed observe() throws KubernetesUnreachable {
        ClusterNode node = read();
        return new Observed(node, generations.observe(hostname, fingerprint(node)));
    }

    private ClusterNode read() throws KubernetesUnreachable {
        try {
            Node node = client.nodes().withName(settings.nodeName()).get();
            if (node == null) {
                throw new KubernetesUnreachable(
                        "Kubernetes has no node '" + settings.nodeName() + "' (scheduler.kubernetes.node_name)");
            }
            var pods =
                    client
                            .pods()
                            .inAnyNamespace()
                            .withField("spec.nodeName", settings.nodeName())
                            .list()
                            .getItems()
                            .stream()
                            // The field selector does this on a real API server; checked again so nothing else is ever
                            // evicted.
                            .filter(p -> p.getSpec() != null
                                    && settings.nodeName().equals(p.getSpec().getNodeName()))
                            .map(PodOnNode::of)
                            .sorted(java.util.Comparator.comparing(PodOnNode::id))
                            .toList();
            return ClusterNode.of(node, pods);
        } catch (KubernetesClientException e) {
            throw new KubernetesUnreachable(
                    "cannot read node " + settings.nodeName() + " from Kubernetes: " + KubernetesWords.of(e));
        }
    }

    private String fingerprint(ClusterNode node) {
        return node.fingerprint(settings.poolLabel(), settings.tenantLabel());
    }

    @Override
    public long generation(String host) {
        return generations.current(host);
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        String host = request.getHostname();
        if (!host.equals(hostname)) {
            return Answers.rejected("this agent does not serve " + host, 0);
        }
        Observed before;
        try {
            before = observe();
        } catch (KubernetesUnreachable e) {
            return Answers.rejected(e.getMessage(), generations.current(host));
        }
        ExecuteResponse conflict = Answers.conflictUnless(
                request.getExpectedGeneration(),
                before.generation(),
                host,
                before.node().describe());
        if (conflict != null) {
            return conflict;
        }
        try {
            return switch (request.getActionCase()) {
                case DRAIN -> drain(request, before);
                case RESUME -> resume(request, before);
                case REASSIGN -> reassign(request, before);
                case RESLICE -> new KubernetesReslice(this, request, before).run();
                case EVICT -> new PodEviction(this, request, before).run();
                case REQUEUE, CANCEL ->
                    Answers.rejected("requeue/cancel are for Slurm jobs; on Kubernetes use evict", before.generation());
                case NOTIFY_OWNER ->
                    Answers.rejected(
                            "the Kubernetes backend does not notify owners; this agent does not notify yet",
                            before.generation());
                case ACTION_NOT_SET -> Answers.rejected("no action given", before.generation());
            };
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Answers.answer(
                        ExecuteStatus.EXECUTE_STATUS_CONFLICT,
                        host + " changed in Kubernetes between reading" + " and writing it (" + KubernetesWords.of(e)
                                + "); nothing was done",
                        List.of(),
                        generations.current(host));
            }
            return Answers.rejected("Kubernetes refused: " + KubernetesWords.of(e), generations.current(host));
        } catch (KubernetesUnreachable e) {
            return Answers.rejected(e.getMessage(), generations.current(host));
        }
    }

    private ExecuteResponse drain(ExecuteRequest request, Observed before) throws KubernetesUnreachable {
        ClusterNode node = before.node();
        String reason = request.getReason().isBlank() ? "<reason>" : request.getReason();
        List<String> plan = new ArrayList<>();
        NodePatches.Patch cordon = node.unschedulable() ? null : patches.cordon(node.resourceVersion(), reason);
        plan.add(cordon == null ? "# " + node.name() + " is already cordoned" : cordon.display());
        List<PodOnNode> toEvict = node.pods().stream()
                .filter(p -> p.kind() == PodOnNode.Kind.EVICT)
                .toList();
        var budgets = new DisruptionBudgets(client);
        int blockedNow = 0;
        for (PodOnNode pod : toEvict) {
            var guard = budgets.guarding(pod).filter(g -> g.disruptionsAllowed() <= 0);
            blockedNow += guard.isPresent() ? 1 : 0;
            plan.add("POST " + pod.evictionPath()
                    + guard.map(g -> "   # " + g.describe() + ": would be retried for up to "
                                    + settings.evictionTimeout().toSeconds() + " s")
                            .orElse("")
                    + (pod.controlled() ? "" : "   # no controller: it is not recreated elsewhere"));
        }
        for (PodOnNode pod : node.pods()) {
            switch (pod.kind()) {
                case DAEMONSET -> plan.add("# stays: " + pod.id() + " (DaemonSet pod)");
                case MIRROR -> plan.add("# stays: " + pod.id() + " (mirror pod of a static pod)");
                case TERMINATING -> plan.add("# already terminating: " + pod.id());
                default -> {}
            }
        }
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would " + (cordon == null ? "" : "cordon " + node.name() + " and ") + "evict " + toEvict.size()
                            + " pods"
                            + (blockedNow == 0 ? "" : " (" + blockedNow + " blocked by a PodDisruptionBudget now)")
                            + "; now " + node.describe(),
                    plan,
                    before.generation());
        }
        if (request.getReason().isBlank()) {
            return Answers.rejected("a drain needs a reason", before.generation());
        }
        if (cordon != null) {
            patches.apply(client, cordon);
        }
        List<Evictions.Outcome> outcomes =
                new Evictions(client, waiting, settings.evictionTimeout(), backoff).evict(toEvict, budgets);
        List<String> done = new ArrayList<>();
        done.add(cordon == null ? plan.getFirst() : cordon.display() + ": cordoned");
        outcomes.forEach(o -> done.add(o.describe()));
        ClusterNode after = read();
        long generation = generations.changed(hostname, fingerprint(after));
        List<String> refused = outcomes.stream()
                .filter(o -> o.result() == Evictions.Result.BLOCKED || o.result() == Evictions.Result.FAILED)
                .map(o -> o.pod().id() + " (" + o.detail() + ")")
                .toList();
        String message;
        ExecuteStatus status;
        if (!refused.isEmpty()) {
            status = ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS;
            message = node.name() + " is cordoned and draining; " + refused.size() + " pod"
                    + (refused.size() == 1 ? "" : "s")
                    + " could not be evicted"
                    + (settings.evictionTimeout().isZero()
                            ? ""
                            : " in " + settings.evictionTimeout().toSeconds() + " s")
                    + ": " + String.join("; ", refused)
                    + ". Drain again to retry them.";
        } else if (after.schedulerState() == SchedulerState.DRAINING) {
            status = ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS;
            message = node.name() + " is draining: " + after.remaining().size() + " evicted pods still terminating";
        } else {
            status = after.schedulerState() == SchedulerState.DRAINED
                    ? ExecuteStatus.EXECUTE_STATUS_APPLIED
                    : ExecuteStatus.EXECUTE_STATUS_IN_PROGRESS;
            message = node.name() + " is " + after.describe();
        }
        return Answers.answer(status, message, done, generation);
    }

    private ExecuteResponse resume(ExecuteRequest request, Observed before) throws KubernetesUnreachable {
        ClusterNode node = before.node();
        if (!node.unschedulable()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_APPLIED,
                    node.name() + " is not cordoned; nothing to do",
                    List.of("# " + node.name() + " is schedulable"),
                    before.generation());
        }
        NodePatches.Patch uncordon = patches.uncordon(node.resourceVersion());
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would uncordon " + node.name() + " (now " + node.describe() + ")",
                    List.of(uncordon.display()),
                    before.generation());
        }
        patches.apply(client, uncordon);
        ClusterNode after = read();
        return Answers.answer(
                ExecuteStatus.EXECUTE_STATUS_APPLIED,
                node.name() + " is schedulable again (" + after.describe() + ")",
                List.of(uncordon.display()),
                generations.changed(hostname, fingerprint(after)));
    }

    private ExecuteResponse reassign(ExecuteRequest request, Observed before) throws KubernetesUnreachable {
        ClusterNode node = before.node();
        var reassign = request.getReassign();
        if (!reassign.getGpuIndicesList().isEmpty()) {
            return Answers.rejected(
                    "a Kubernetes node label holds the whole node; reassign the node, not single GPUs",
                    before.generation());
        }
        String pool = reassign.getPool().strip();
        String tenant = reassign.getTenant().strip();
        if (pool.isEmpty() && tenant.isEmpty()) {
            return Answers.rejected("reassign needs a pool or a tenant", before.generation());
        }
        if (!tenant.isEmpty() && settings.tenantLabel() == null) {
            return Answers.rejected(
                    "tenants are not kept in Kubernetes here: set scheduler.kubernetes.tenant_label"
                            + " to the node label that names them",
                    before.generation());
        }
        for (String value : List.of(pool, tenant)) {
            if (!value.isEmpty() && !LABEL_VALUE.matcher(value).matches()) {
                return Answers.rejected(
                        "'" + value + "' cannot be a Kubernetes label value (up to 63 letters, digits, '-',"
                                + " '_' or '.', starting and ending with a letter or digit)",
                        before.generation());
            }
        }
        NodePatches.Patch label = patches.labels(
                node.resourceVersion(),
                pool.isEmpty() ? null : settings.poolLabel(),
                pool,
                tenant.isEmpty() ? null : settings.tenantLabel(),
                tenant);
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would move " + node.name() + " from pool " + node.label(settings.poolLabel()),
                    List.of(label.display()),
                    before.generation());
        }
        patches.apply(client, label);
        ClusterNode after = read();
        return Answers.answer(
                ExecuteStatus.EXECUTE_STATUS_APPLIED,
                node.name() + " is in pool "
                        + after.label(settings.poolLabel())
                        + (settings.tenantLabel() == null ? "" : ", tenant " + after.label(settings.tenantLabel())),
                List.of(label.display()),
                generations.changed(hostname, fingerprint(after)));
    }

    KubernetesClient client() {
        return client;
    }

    Settings settings() {
        return settings;
    }

    NodePatches patches() {
        return patches;
    }

    Waiting waiting() {
        return waiting;
    }

    Backoff backoff() {
        return backoff;
    }

    Optional<GpuAttribution> held() {
        return held.get();
    }

    String hostname() {
        return hostname;
    }

    List<Accelerator> gpus() {
        return gpus.apply(hostname);
    }

    boolean busy(int index) {
        return busy.test(hostname, index);
    }

    ClusterNode readNode() throws KubernetesUnreachable {
        return read();
    }

    long changed(ClusterNode after) {
        return generations.changed(hostname, fingerprint(after));
    }

    /** Kubernetes could not be asked, or does not know this node: the operation is refused with why. */
    public static final class KubernetesUnreachable extends Exception {
        public KubernetesUnreachable(String message) {
            super(message, null, false, false);
        }
    }
}

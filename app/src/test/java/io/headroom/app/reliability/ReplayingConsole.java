package io.headroom.app.reliability;

import static org.awaitility.Awaitility.await;

import io.headroom.app.ConsoleSettings;
import io.headroom.app.LiveFleet;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.core.testing.AwaitilityDefaults;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.Workload;
import io.headroom.core.workload.WorkloadKind;
import io.headroom.store.LocalStore;
import io.headroom.store.outbox.QueuedOperation;
import io.headroom.themes.Theme;
import io.headroom.wire.AgentEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Child main: the console's own wiring ({@link LiveFleet}: client, store, outbox, replayer)
 * without its window, against a real agent. It queues {@code perRun} operations no earlier run
 * made, drains, owner notices, requeues, cancels and evictions in turn, through the operations
 * desk, printing "queued KEY ACTION" once each is in the outbox,
 * and stays up (replaying) until killed. Args: AGENT_PORT PROFILE PER_RUN.
 */
public final class ReplayingConsole {

    private ReplayingConsole() {}

    public static void main(String[] args) throws Exception {
        AwaitilityDefaults.apply(); // waits as in the tests: there is no JUnit here to set them
        int port = Integer.parseInt(args[0]);
        Path profile = Path.of(args[1]);
        int perRun = Integer.parseInt(args[2]);
        var settings = new ConsoleSettings(
                List.of(new AgentEndpoint("127.0.0.1", port)),
                64,
                42,
                Theme.WALL_DARK,
                false,
                Locale.US,
                null,
                null,
                profile);
        LocalStore store = LocalStore.open(profile).store();
        Set<String> touched = new HashSet<>();
        for (QueuedOperation q : new io.headroom.store.outbox.Outbox(store).recent(Integer.MAX_VALUE)) {
            touched.add(q.operation().hostname());
            if (q.operation().action() instanceof OperationAction.Reclaim r) {
                touched.add(r.workloadId());
            }
        }
        LiveFleet live = LiveFleet.start(settings, IdleThresholds.DEFAULTS, store);
        await("the agent's inventory, a first sample and who holds its GPUs")
                .atMost(java.time.Duration.ofMinutes(2))
                .until(() -> live.fleet().layout().nodeCount() > 0
                        && live.fleet().current().nodeSampleTime(0) > 0
                        && live.workloads().size() > 0);
        System.out.println("ready");
        System.out.flush();
        FleetLayout layout = live.fleet().layout();
        List<Workload> workloads = live.workloads().all().stream()
                .sorted(java.util.Comparator.comparing(Workload::id))
                .toList();
        int queued = 0;
        // Drains, owner notices, requeues, cancels and evictions in turn: each through the outbox.
        for (int turn = 0; queued < perRun && turn < perRun * 10; turn++) {
            PendingOperation operation = switch (turn % 5) {
                case 0 -> drainOfAnUntouchedNode(live, layout, touched);
                case 1 -> reclaim(live, workloads, touched, w -> true, w -> new OperationAction.NotifyOwner(w, ""));
                case 2 ->
                    reclaim(
                            live,
                            workloads,
                            touched,
                            w -> w.kind() == WorkloadKind.SLURM_JOB && w.requeueable(),
                            OperationAction.Requeue::new);
                case 3 ->
                    reclaim(
                            live,
                            workloads,
                            touched,
                            w -> w.kind() == WorkloadKind.SLURM_JOB,
                            OperationAction.Cancel::new);
                default ->
                    reclaim(
                            live,
                            workloads,
                            touched,
                            w -> w.kind() == WorkloadKind.KUBERNETES_POD,
                            OperationAction.Evict::new);
            };
            if (operation == null) {
                continue; // no such workload left on this fleet: the next kind
            }
            live.operations().submit(operation).get(30, TimeUnit.SECONDS);
            System.out.println("queued " + operation.idempotencyKey() + " "
                    + operation.action().describe());
            System.out.flush();
            queued++;
        }
        System.out.println("all queued");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static PendingOperation drainOfAnUntouchedNode(LiveFleet live, FleetLayout layout, Set<String> touched) {
        for (int node = 0; node < layout.nodeCount(); node++) {
            String host = layout.node(node).hostname();
            if (touched.add(host)) {
                return PendingOperation.create(
                        host,
                        new OperationAction.Drain(),
                        live.fleet().current().generation(node),
                        "kill-test",
                        "console killed during replay",
                        Clock.systemUTC());
            }
        }
        return null;
    }

    /**
     * A reclaim of a workload no earlier operation named, held on nodes none touched (so that no
     * other operation of these runs can change its node's generation), routed to its first node.
     */
    private static PendingOperation reclaim(
            LiveFleet live,
            List<Workload> workloads,
            Set<String> touched,
            java.util.function.Predicate<Workload> fits,
            java.util.function.Function<String, OperationAction> action) {
        for (Workload w : workloads) {
            List<String> hosts =
                    w.holdings().stream().map(Holding::hostname).distinct().toList();
            if (hosts.isEmpty()
                    || !fits.test(w)
                    || touched.contains(w.id())
                    || hosts.stream().anyMatch(touched::contains)) {
                continue;
            }
            touched.add(w.id());
            touched.addAll(hosts);
            int node = live.fleet().layout().nodeIndex(hosts.getFirst());
            return PendingOperation.create(
                    hosts.getFirst(),
                    action.apply(w.id()),
                    live.fleet().current().generation(node),
                    "kill-test",
                    "console killed during replay",
                    Clock.systemUTC());
        }
        return null;
    }
}

package io.headroom.agent.reclaim;

import io.headroom.agent.operations.OperationHandler;
import io.headroom.agent.server.AgentService;
import io.headroom.protocol.v1.Workload;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Telling owners and the held-idle policy, put together once for an agent of any shape: the
 * decorator its operations go through, the policy's timer, the labels its workloads are served
 * with, and the counts for {@code /metrics}.
 *
 * <pre>
 * var desk = new ReclaimDesk(webhooks, consoleLink, rules, workloads, new FleetGpuStates(served::latest), memory, clock);
 * var operations = IdempotencyLedger.persisted(desk.notifying(backend), ...);
 * var host = new AgentHost(served, operations, clock, security);
 * desk.startPolicy(host.service(), every);
 * </pre>
 */
public final class ReclaimDesk implements AutoCloseable {

    private final WebhookRoutes routes;
    private final WebhookSender sender;
    private final HeldIdlePolicy policy;
    private final NoticeWriter writer;
    private final WorkloadLookup workloads;
    private final InstantSource clock;
    private final boolean hasRules;
    private final PolicyServicePath path = new PolicyServicePath();
    private PolicyTimer timer;

    public ReclaimDesk(
            List<Webhook> webhooks,
            String consoleLink,
            List<HeldIdleRule> rules,
            WorkloadLookup workloads,
            GpuStates gpus,
            PolicyMemory memory,
            InstantSource clock)
            throws NoSuchAlgorithmException {
        this.routes = new WebhookRoutes(webhooks);
        this.sender = WebhookSender.standard(new SendCounts());
        UtilisationTrail trail = new UtilisationTrail();
        this.policy = new HeldIdlePolicy(rules, workloads, gpus, trail, memory, path, clock);
        this.writer = new NoticeWriter(gpus, trail, policy::heldBelowPct, consoleLink);
        this.workloads = workloads;
        this.clock = clock;
        this.hasRules = !rules.isEmpty();
    }

    /** {@code backend} with NOTIFY_OWNER carried out here; put it under the idempotency ledger. */
    public OperationHandler notifying(OperationHandler backend) {
        return new NotifyOwnerHandler(backend, workloads, routes, sender, writer, clock);
    }

    /**
     * A relay's {@code backend} (its upstream agents): NOTIFY_OWNER is sent here when a webhook
     * here serves the workload's pool, and passed upstream otherwise.
     */
    public OperationHandler notifyingOrPassingOn(OperationHandler backend) {
        return new NotifyOwnerHandler(backend, workloads, routes, sender, writer, clock, true);
    }

    /** Starts the policy's rounds (none when no rule is configured), its Execute going to {@code service}. */
    public synchronized void startPolicy(AgentService service, Duration every) {
        if (!hasRules || timer != null) {
            return;
        }
        path.bind(new AsPolicy(service));
        timer = new PolicyTimer(policy, every);
    }

    /** The workload as the agent serves it: with the policy's warned-at and reclaim-eligible labels. */
    public Workload marked(Workload workload) {
        return policy.marked(workload);
    }

    public SendCounts counts() {
        return sender.counts();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.close();
        }
    }

    /** The service is built after the operations it serves, so the policy's path is bound once it is. */
    private static final class PolicyServicePath implements ExecutePath {
        private volatile ExecutePath bound;

        void bind(ExecutePath path) {
            bound = path;
        }

        @Override
        public io.headroom.protocol.v1.ExecuteResponse execute(io.headroom.protocol.v1.ExecuteRequest request) {
            ExecutePath now = bound;
            if (now == null) {
                return io.headroom.agent.operations.Answers.rejected("the agent is still starting", 0);
            }
            return now.execute(request);
        }
    }
}

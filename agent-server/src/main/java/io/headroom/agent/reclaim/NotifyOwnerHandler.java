package io.headroom.agent.reclaim;

import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.OperationHandler;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Workload;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells the owner of a workload through the webhook of its pool (NOTIFY_OWNER), and passes
 * every other action to the backend it wraps. A dry run says which webhook, to whom, and the
 * message; applying sends it. It sits under the idempotency ledger and behind the agent
 * service, so roles, rate limits, replays and the audit trail hold as for a drain.
 */
public final class NotifyOwnerHandler implements OperationHandler {

    private final OperationHandler backend;
    private final WorkloadLookup workloads;
    private final WebhookRoutes routes;
    private final WebhookSender sender;
    private final NoticeWriter writer;
    private final InstantSource clock;
    private final boolean passOnUnserved;

    public NotifyOwnerHandler(
            OperationHandler backend,
            WorkloadLookup workloads,
            WebhookRoutes routes,
            WebhookSender sender,
            NoticeWriter writer,
            InstantSource clock) {
        this(backend, workloads, routes, sender, writer, clock, false);
    }

    /**
     * @param passOnUnserved a relay's: a workload no webhook here serves (or one this relay does
     *                       not know) is passed on to the backend (the upstream agents) instead of refused
     */
    public NotifyOwnerHandler(
            OperationHandler backend,
            WorkloadLookup workloads,
            WebhookRoutes routes,
            WebhookSender sender,
            NoticeWriter writer,
            InstantSource clock,
            boolean passOnUnserved) {
        this.backend = backend;
        this.workloads = workloads;
        this.routes = routes;
        this.sender = sender;
        this.writer = writer;
        this.clock = clock;
        this.passOnUnserved = passOnUnserved;
    }

    @Override
    public ExecuteResponse execute(ExecuteRequest request) {
        if (request.getActionCase() != ExecuteRequest.ActionCase.NOTIFY_OWNER) {
            return backend.execute(request);
        }
        long generation = backend.generation(request.getHostname());
        String id = request.getNotifyOwner().getWorkloadId();
        Optional<Workload> found = workloads.find(id);
        if (passOnUnserved && found.flatMap(routes::forWorkload).isEmpty()) {
            return backend.execute(request);
        }
        if (found.isEmpty()) {
            return Answers.rejected(
                    "no workload " + id + " on this agent (it may have ended, or runs elsewhere); nothing was sent",
                    generation);
        }
        Workload workload = found.get();
        Optional<Webhook> route = routes.forWorkload(workload);
        if (route.isEmpty()) {
            return Answers.rejected(
                    "no webhook is configured for pool " + WebhookRoutes.poolOf(workload) + " of " + id
                            + "; add one under notify.webhooks in the agent's configuration; nothing was sent",
                    generation);
        }
        Webhook webhook = route.get();
        OwnerNotice notice = writer.write(workload, request.getNotifyOwner().getNote(), clock.millis());
        if (request.getDryRun()) {
            return Answers.answer(
                    ExecuteStatus.EXECUTE_STATUS_PLANNED,
                    "would tell " + whom(notice) + " through " + webhook,
                    plan(notice, webhook),
                    generation);
        }
        SendOutcome outcome = sender.send(webhook, notice);
        if (!outcome.sent()) {
            return Answers.rejected(
                    "could not tell " + whom(notice) + " about " + id + ": " + outcome.message()
                            + (outcome.tries() > 1 ? " (after " + outcome.tries() + " tries)" : ""),
                    generation);
        }
        return Answers.answer(
                ExecuteStatus.EXECUTE_STATUS_APPLIED,
                "told " + whom(notice) + " about " + id + " through " + webhook,
                plan(notice, webhook),
                generation);
    }

    private static String whom(OwnerNotice notice) {
        return notice.owner().isEmpty() ? "the owner (not known to the scheduler)" : notice.owner();
    }

    private static List<String> plan(OwnerNotice notice, Webhook webhook) {
        List<String> plan = new ArrayList<>();
        plan.add("webhook: " + webhook);
        plan.add("to: " + whom(notice) + " (" + webhook.language().tag() + ")");
        plan.add("message: " + NoticeText.title(notice, webhook.language()));
        NoticeText.lines(notice, webhook.language()).forEach(line -> plan.add("  " + line));
        return plan;
    }

    @Override
    public ExecuteResponse replayOf(ExecuteRequest request) {
        return backend.replayOf(request);
    }

    @Override
    public long generation(String host) {
        return backend.generation(host);
    }
}

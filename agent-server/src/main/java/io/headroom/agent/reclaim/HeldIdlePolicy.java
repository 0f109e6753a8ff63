package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Cancel;
import io.headroom.protocol.v1.Evict;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.NotifyOwner;
import io.headroom.protocol.v1.Requeue;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The held-idle policy: on each round (a timer, off the sampling thread) it looks at every
 * workload the agent knows, warns the owners of those whose GPUs have been held idle past their
 * rule's {@code warnAfter}, marks those past {@code reclaimAfter} as eligible, and where the rule
 * says so reclaims them, all through the agent's own Execute as the caller "policy".
 *
 * <p>Idempotency keys come from the workload id and the moment its GPUs fell idle, which every
 * agent and relay reading the same telemetry agrees on, so a warning is asked for under the same
 * key wherever the policy runs, and the agent that carries it out sends it once.
 */
public final class HeldIdlePolicy {

    /** Labels the agent adds to the workloads it serves (epoch milliseconds). */
    public static final String ELIGIBLE_LABEL = "headroom.io/reclaim-eligible-since";

    public static final String WARNED_LABEL = "headroom.io/warned-at";

    public static final String REQUESTER = "policy";

    private static final Logger log = LoggerFactory.getLogger(HeldIdlePolicy.class);
    private static final int MAX_KEY_CHARS = 128;

    private final List<HeldIdleRule> rules;
    private final WorkloadLookup workloads;
    private final GpuStates gpus;
    private final UtilisationTrail trail;
    private final PolicyMemory memory;
    private final ExecutePath execute;
    private final InstantSource clock;

    public HeldIdlePolicy(
            List<HeldIdleRule> rules,
            WorkloadLookup workloads,
            GpuStates gpus,
            UtilisationTrail trail,
            PolicyMemory memory,
            ExecutePath execute,
            InstantSource clock) {
        this.rules = List.copyOf(rules);
        this.workloads = workloads;
        this.gpus = gpus;
        this.trail = trail;
        this.memory = memory;
        this.execute = execute;
        this.clock = clock;
    }

    /** The rule for a workload: the first naming its pool or namespace, else the first for "*". */
    public Optional<HeldIdleRule> ruleFor(Workload workload) {
        for (HeldIdleRule rule : rules) {
            if (rule.covers(workload)) {
                return Optional.of(rule);
            }
        }
        return rules.stream()
                .filter(r -> r.pools().contains(WebhookRoutes.ANY_POOL))
                .findFirst();
    }

    /** The held-idle threshold of the workload's rule, for notices; 100 % where no rule covers it. */
    public double heldBelowPct(Workload workload) {
        return ruleFor(workload).map(r -> (double) r.belowPct()).orElse(100.0);
    }

    /** One pass over every workload. */
    public void round() {
        long now = clock.millis();
        Collection<Workload> all = workloads.all();
        trail.sample(all, gpus, now);
        trail.keepOnly(all);
        for (Workload workload : all) {
            try {
                consider(workload, now);
            } catch (RuntimeException e) {
                log.error("held-idle policy: could not consider {}: {}", workload.getId(), e.toString());
            }
        }
        // An empty table is more likely a scheduler not read yet (or unreachable) than a fleet with no work:
        // forgetting then would lose the warned-at marks. The ledger would still refuse to send twice.
        if (!all.isEmpty()) {
            memory.keepOnly(all.stream().map(Workload::getId).collect(Collectors.toSet()));
        }
        try {
            memory.save();
        } catch (IOException e) {
            log.error(
                    "held-idle policy: cannot write its state file ({}); it may warn again after a restart",
                    e.getMessage());
        }
    }

    private void consider(Workload workload, long now) {
        String id = workload.getId();
        Optional<HeldIdleRule> found = ruleFor(workload);
        if (found.isEmpty() || workload.getHoldingsCount() == 0) {
            memory.notEligible(id);
            return;
        }
        HeldIdleRule rule = found.get();
        String exempt = rule.exempt().reasonFor(workload);
        OptionalLong since = gpus.heldIdleSince(workload, rule.belowPct());
        if (exempt != null || since.isEmpty()) {
            memory.notEligible(id);
            return;
        }
        long idleFor = now - since.getAsLong();
        if (idleFor >= rule.warnAfter().toMillis()) {
            long period = (idleFor - rule.warnAfter().toMillis())
                    / Math.max(1, rule.warnEvery().toMillis());
            String key = key("notify", id, since.getAsLong() + ":" + period);
            if (!key.equals(memory.of(id).warnedKey())) {
                warn(workload, rule, since.getAsLong(), key, now);
            }
        }
        if (rule.reclaimAfter() == null || idleFor < rule.reclaimAfter().toMillis()) {
            memory.notEligible(id);
            return;
        }
        memory.eligible(id, since.getAsLong() + rule.reclaimAfter().toMillis());
        if (rule.autoReclaim()) {
            String key = key("reclaim", id, Long.toString(since.getAsLong()));
            if (!key.equals(memory.of(id).reclaimKey())) {
                reclaim(workload, since.getAsLong(), key);
            }
        }
    }

    private void warn(Workload workload, HeldIdleRule rule, long since, String key, long now) {
        ExecuteResponse answer = execute.execute(request(workload, since, key)
                .setNotifyOwner(
                        NotifyOwner.newBuilder().setWorkloadId(workload.getId()).setNote(rule.note()))
                .build());
        if (succeeded(answer)) {
            memory.warned(workload.getId(), now, key);
        } else {
            // Not asked again this period under this key: the ledger would answer with the same refusal.
            memory.warned(workload.getId(), memory.of(workload.getId()).warnedAt(), key);
            log.warn("held-idle policy: could not warn the owner of {}: {}", workload.getId(), answer.getMessage());
        }
    }

    private void reclaim(Workload workload, long since, String key) {
        ExecuteRequest.Builder request = request(workload, since, key);
        String id = workload.getId();
        if (workload.getKind() == WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD) {
            request.setEvict(Evict.newBuilder().setWorkloadId(id));
        } else if (workload.getKind() == WorkloadKind.WORKLOAD_KIND_SLURM_JOB) {
            if (workload.getRequeueable()) {
                request.setRequeue(Requeue.newBuilder().setWorkloadId(id));
            } else {
                request.setCancel(Cancel.newBuilder().setWorkloadId(id));
            }
        } else {
            log.info(
                    "held-idle policy: {} is eligible for reclaim, but no scheduler can reclaim a {}",
                    id,
                    workload.getKind());
            memory.reclaimed(id, key);
            return;
        }
        ExecuteResponse answer = execute.execute(request.build());
        memory.reclaimed(id, key);
        if (!succeeded(answer)) {
            log.warn("held-idle policy: could not reclaim {}: {}", id, answer.getMessage());
        }
    }

    private static ExecuteRequest.Builder request(Workload workload, long since, String key) {
        return ExecuteRequest.newBuilder()
                .setHostname(workload.getHoldings(0).getHostname())
                .setRequester(REQUESTER)
                .setIdempotencyKey(key)
                .setReason("GPUs held idle since " + Instant.ofEpochMilli(since) + " (held-idle policy)");
    }

    private static boolean succeeded(ExecuteResponse answer) {
        return answer.getStatus() == ExecuteStatus.EXECUTE_STATUS_APPLIED;
    }

    /** "policy:notify:<workload>:<idle since>:<period>", or its SHA-256 when that is too long for a key. */
    static String key(String what, String workloadId, String moment) {
        String key = REQUESTER + ":" + what + ":" + workloadId + ":" + moment;
        if (key.length() <= MAX_KEY_CHARS) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return REQUESTER + ":" + what + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The workload with the policy's labels added: when it was last warned, since when it is eligible. */
    public Workload marked(Workload workload) {
        PolicyMemory.Entry entry = memory.of(workload.getId());
        if (entry.warnedAt() == 0 && entry.eligibleSince() == 0) {
            return workload;
        }
        Workload.Builder marked = workload.toBuilder();
        if (entry.warnedAt() != 0) {
            marked.putLabels(WARNED_LABEL, Long.toString(entry.warnedAt()));
        }
        if (entry.eligibleSince() != 0) {
            marked.putLabels(ELIGIBLE_LABEL, Long.toString(entry.eligibleSince()));
        }
        return marked.build();
    }
}

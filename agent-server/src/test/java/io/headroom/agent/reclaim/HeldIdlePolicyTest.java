package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.audit.ExecuteRecord;
import io.headroom.agent.operations.Answers;
import io.headroom.agent.operations.IdempotencyLedger;
import io.headroom.agent.server.AgentService;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy with a clock set by hand: the job's two GPUs fell idle at 20:00. */
class HeldIdlePolicyTest {

    private static final long MINUTE = 60_000;
    private static final long SINCE = Notices.IDLE_SINCE;

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(SINCE);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final List<ExecuteRequest> asked = new ArrayList<>();
    private final ExecutePath execute = request -> {
        asked.add(request);
        return Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, "done", List.of(), 0);
    };
    private final Notices.FakeGpus gpus = new Notices.FakeGpus().idle(Notices.job(), 2, SINCE);

    private static HeldIdleRule rule(Duration warnEvery, boolean autoReclaim, Exemptions exempt) {
        return new HeldIdleRule(
                Set.of("a100"), 10, Duration.ofMinutes(30), warnEvery, Duration.ofHours(2), autoReclaim, exempt, "");
    }

    private HeldIdlePolicy policy(HeldIdleRule rule, PolicyMemory memory, ExecutePath path, Workload... workloads) {
        return new HeldIdlePolicy(
                List.of(rule), Notices.lookup(List.of(workloads)), gpus, new UtilisationTrail(), memory, path, clock);
    }

    private HeldIdlePolicy policy(HeldIdleRule rule, Workload... workloads) {
        return policy(rule, PolicyMemory.inMemory(), execute, workloads);
    }

    private void at(int minutesAfterIdle) {
        now.set(SINCE + minutesAfterIdle * MINUTE);
    }

    @Test
    void warnsOnceAfterTheThresholdAndNotTwice() {
        var policy = policy(rule(Duration.ofDays(1), false, Exemptions.NONE), Notices.job());

        at(20);
        policy.round();
        assertThat(asked).isEmpty();

        at(31);
        policy.round();
        at(45);
        policy.round();

        assertThat(asked).hasSize(1);
        ExecuteRequest warning = asked.getFirst();
        assertThat(warning.getNotifyOwner().getWorkloadId()).isEqualTo("slurm:hpc:4242");
        assertThat(warning.getRequester()).isEqualTo("policy");
        assertThat(warning.getHostname()).isEqualTo("gpu-07");
        assertThat(warning.getIdempotencyKey()).isEqualTo("policy:notify:slurm:hpc:4242:" + SINCE + ":0");
        assertThat(warning.getDryRun()).isFalse();
        assertThat(policy.marked(Notices.job()).getLabelsMap())
                .containsEntry(HeldIdlePolicy.WARNED_LABEL, Long.toString(SINCE + 31 * MINUTE))
                .doesNotContainKey(HeldIdlePolicy.ELIGIBLE_LABEL);
    }

    @Test
    void warnsAgainOnlyInTheNextPeriod() {
        var policy = policy(rule(Duration.ofHours(1), false, Exemptions.NONE), Notices.job());

        at(31);
        policy.round();
        at(89);
        policy.round();
        assertThat(asked).hasSize(1);

        at(91);
        policy.round();

        assertThat(asked).hasSize(2);
        assertThat(asked.get(1).getIdempotencyKey()).isEqualTo("policy:notify:slurm:hpc:4242:" + SINCE + ":1");
    }

    @Test
    void exemptWorkloadsAreNeverWarned() {
        var byAccount = new Exemptions(Set.of("nlp"), Set.of(), Set.of(), Map.of());
        var byLabel = new Exemptions(Set.of(), Set.of(), Set.of(), Map.of("headroom.io/exempt", "*"));
        Workload labelled =
                Notices.job().toBuilder().putLabels("headroom.io/exempt", "yes").build();

        at(300);
        policy(rule(Duration.ofDays(1), true, byAccount), Notices.job()).round();
        policy(rule(Duration.ofDays(1), true, byLabel), labelled).round();

        assertThat(asked).isEmpty();
        assertThat(byLabel.reasonFor(labelled)).isEqualTo("label headroom.io/exempt=yes is exempt");
        assertThat(byLabel.reasonFor(Notices.job())).isNull();
    }

    @Test
    void aRestartedAgentDoesNotWarnAgain() throws Exception {
        Path state = dir.resolve("held-idle.state");
        at(31);
        policy(rule(Duration.ofDays(1), false, Exemptions.NONE), PolicyMemory.open(state), execute, Notices.job())
                .round();
        assertThat(asked).hasSize(1);

        at(40);
        var restarted = policy(
                rule(Duration.ofDays(1), false, Exemptions.NONE), PolicyMemory.open(state), execute, Notices.job());
        restarted.round();

        assertThat(asked).hasSize(1);
        assertThat(restarted.marked(Notices.job()).getLabelsMap())
                .containsEntry(HeldIdlePolicy.WARNED_LABEL, Long.toString(SINCE + 31 * MINUTE));
    }

    @Test
    void busyOrUnknownGpusAreNotHeldIdle() {
        Workload other = Notices.job().toBuilder()
                .setId("slurm:hpc:5")
                .clearHoldings()
                .addHoldings(Notices.gpu("gpu-09", 0))
                .build();
        gpus.set(Notices.gpu("gpu-07", 1), 55, SINCE); // above the rule's 10 %
        // gpu-09 has never been measured: unknown, so not idle

        at(300);
        policy(rule(Duration.ofDays(1), false, Exemptions.NONE), Notices.job(), other)
                .round();

        assertThat(asked).isEmpty();
    }

    @Test
    void pastReclaimAfterTheWorkloadIsMarkedEligibleUntilItIsBusyAgain() {
        var policy = policy(rule(Duration.ofDays(1), false, Exemptions.NONE), Notices.job());

        at(121);
        policy.round();
        assertThat(policy.marked(Notices.job()).getLabelsMap())
                .containsEntry(HeldIdlePolicy.ELIGIBLE_LABEL, Long.toString(SINCE + 120 * MINUTE));
        assertThat(asked)
                .extracting(ExecuteRequest::getActionCase)
                .containsExactly(ExecuteRequest.ActionCase.NOTIFY_OWNER);

        gpus.busy(Notices.job());
        at(125);
        policy.round();

        assertThat(policy.marked(Notices.job()).getLabelsMap()).doesNotContainKey(HeldIdlePolicy.ELIGIBLE_LABEL);
    }

    @Test
    void autoReclaimRequeuesCancelsOrEvictsOnce() {
        Workload requeueable = Notices.job().toBuilder().setRequeueable(true).build();
        Workload pod = Notices.job().toBuilder()
                .setId("k8s:ml/notebook-0")
                .setKind(WorkloadKind.WORKLOAD_KIND_KUBERNETES_POD)
                .build();
        Workload job = Notices.job().toBuilder().setId("slurm:hpc:7").build();
        var policy = policy(rule(Duration.ofDays(1), true, Exemptions.NONE), requeueable, pod, job);

        at(121);
        policy.round();
        at(150);
        policy.round();

        assertThat(asked)
                .filteredOn(r -> r.getActionCase() != ExecuteRequest.ActionCase.NOTIFY_OWNER)
                .extracting(ExecuteRequest::getActionCase)
                .containsExactly(
                        ExecuteRequest.ActionCase.REQUEUE,
                        ExecuteRequest.ActionCase.EVICT,
                        ExecuteRequest.ActionCase.CANCEL);
        assertThat(asked).allMatch(r -> r.getRequester().equals("policy"));
        assertThat(asked)
                .filteredOn(r -> r.getActionCase() == ExecuteRequest.ActionCase.EVICT)
                .singleElement()
                .satisfies(
                        r -> assertThat(r.getIdempotencyKey()).isEqualTo("policy:reclaim:k8s:ml/notebook-0:" + SINCE));
    }

    @Test
    void twoRelaysRunningThePolicyAskUnderTheSameKey() {
        List<ExecuteRequest> other = new ArrayList<>();
        ExecutePath otherRelay = request -> {
            other.add(request);
            return Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, "done", List.of(), 0);
        };
        var rule = rule(Duration.ofHours(1), false, Exemptions.NONE);

        at(31);
        policy(rule, Notices.job()).round();
        at(58); // a relay whose first round comes later in the same period
        policy(rule, PolicyMemory.inMemory(), otherRelay, Notices.job()).round();

        assertThat(other)
                .singleElement()
                .satisfies(r -> assertThat(r.getIdempotencyKey())
                        .isEqualTo(asked.getFirst().getIdempotencyKey()));
    }

    @Test
    void aVeryLongWorkloadIdGetsAHashedKeyTheServiceTakes() {
        String key = HeldIdlePolicy.key("notify", "k8s:" + "n".repeat(63) + "/" + "p".repeat(200), "1:0");

        assertThat(key).startsWith("policy:notify:sha256:").hasSizeLessThanOrEqualTo(128);
    }

    @Test
    void warningsGoThroughTheAgentServiceAsThePolicyAndAreAuditedAndSentOnce() {
        List<ExecuteRecord> audit = new ArrayList<>();
        AuditTrail trail = new AuditTrail() {
            @Override
            public void append(ExecuteRecord record) {
                audit.add(record);
            }

            @Override
            public void close() {}
        };
        List<ExecuteRequest> handled = new ArrayList<>();
        var ledger = IdempotencyLedger.inMemory(
                request -> {
                    handled.add(request);
                    return Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, "told", List.of(), 0);
                },
                100);
        var service = new AgentService(null, ledger, Runnable::run, clock, trail);
        var rule = rule(Duration.ofDays(1), false, Exemptions.NONE);

        at(31);
        policy(rule, PolicyMemory.inMemory(), new AsPolicy(service), Notices.job())
                .round();
        // A second relay (its own memory) asks again in the same period: the ledger answers, nothing is sent.
        at(35);
        policy(rule, PolicyMemory.inMemory(), new AsPolicy(service), Notices.job())
                .round();

        assertThat(handled).hasSize(1);
        assertThat(audit).extracting(ExecuteRecord::identity).containsOnly("policy");
        assertThat(audit).extracting(ExecuteRecord::requester).containsOnly("policy");
        assertThat(audit).extracting(ExecuteRecord::result).containsExactly("REQUESTED", "APPLIED", "REPLAY");
        ExecuteResponse planned = new AsPolicy(service)
                .execute(ExecuteRequest.newBuilder()
                        .setHostname("gpu-07")
                        .setDryRun(true)
                        .setNotifyOwner(
                                io.headroom.protocol.v1.NotifyOwner.newBuilder().setWorkloadId(""))
                        .build());
        assertThat(planned.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
        assertThat(planned.getMessage()).contains("needs a workload id");
    }
}

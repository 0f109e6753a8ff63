package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import io.headroom.views.Messages;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The operation dialog's rules without a toolkit or a window: details checked as typed, the
 * agents' dry runs, refusals, the reason, and queueing once per server. The desk answers at
 * once; its answers reach the form only through {@link #onFxThread}, run by {@link #runFxThread()}.
 */
class OperationFormViewModelTest {

    private static final Accelerator H100 =
            new Accelerator("GPU-1", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 1, true, List.of());
    private static final Accelerator L40S =
            new Accelerator("GPU-0", Vendor.NVIDIA, "NVIDIA L40S", 46_068, 0, false, List.of());

    private final Messages messages = new Messages(Locale.US);
    private final Queue<Runnable> fxThread = new ArrayDeque<>();
    private final Executor onFxThread = fxThread::add;
    /** What each host's agent answers to a dry run; PLANNED with one command when not set. */
    private final Map<String, CompletableFuture<OperationOutcome>> plans = new HashMap<>();
    /** Hosts whose outbox entry fails to save, once. */
    private final List<String> failOnce = new ArrayList<>();

    private final List<PendingOperation> planned = new ArrayList<>();
    private final List<PendingOperation> queued = new ArrayList<>();

    private final OperationsDesk desk = new QuietDesk() {

        @Override
        public CompletableFuture<OperationOutcome> plan(PendingOperation op) {
            planned.add(op);
            return plans.getOrDefault(
                    op.hostname(),
                    CompletableFuture.completedFuture(new OperationOutcome(
                            OperationStatus.PLANNED, "", 3, false, List.of("plan for " + op.hostname()))));
        }

        @Override
        public CompletableFuture<Void> submit(PendingOperation op) {
            if (failOnce.remove(op.hostname())) {
                return CompletableFuture.failedFuture(new java.io.IOException("disk full"));
            }
            queued.add(op);
            return CompletableFuture.completedFuture(null);
        }
    };

    private static Node node(String hostname, Accelerator... gpus) {
        return new Node(
                hostname, "SN-" + hostname, "rack-3", 5, 4, "infer", "", SchedulerState.IDLE, 3, 1000, List.of(gpus));
    }

    private OperationFormViewModel form(OperationKind kind, Node... nodes) {
        var targets = java.util.Arrays.stream(nodes)
                .map(n -> new OperationTarget(n, n.generation()))
                .toList();
        return new OperationFormViewModel(messages, desk, kind, targets, "H1-A03", Clock.systemUTC(), onFxThread);
    }

    private void runFxThread() {
        while (!fxThread.isEmpty()) {
            fxThread.poll().run();
        }
    }

    @Test
    void aReslicesLayoutIsCheckedAsTypedAndAGoodOneIsQueuedWithItsReason() {
        plans.put(
                "gpu-c07",
                CompletableFuture.completedFuture(new OperationOutcome(
                        OperationStatus.PLANNED,
                        "would re-slice",
                        3,
                        false,
                        List.of("nvidia-smi mig -i 1 -cgi 9:0,9:4 -C"))));
        var form = form(OperationKind.RESLICE, node("gpu-c07", L40S, H100));
        assertThat(form.sliceableGpus()).as("only GPUs with a MIG table").containsExactly(1);
        assertThat(form.gpuProperty().get()).isEqualTo(1);
        assertThat(planned).as("a re-slice waits for its layout").isEmpty();

        form.layoutProperty().set("9@2");
        assertThat(form.detailsProblemProperty().get())
                .isEqualTo("profile 9 (3g.40gb) cannot start at memory slice 2; it can start at 0, 4");
        form.layoutProperty().set("9@0, 9@4");
        form.reasonProperty().set("  two halves for startup inference ");
        assertThat(form.detailsProblemProperty().get()).isEmpty();
        assertThat(form.readyProperty().get()).isTrue();

        form.askForPlan();
        assertThat(form.planStatusProperty().get()).isEqualTo("Asking the agent\u2026");
        assertThat(form.planProperty().get())
                .as("not until the FX thread runs the answer")
                .isEmpty();
        runFxThread();
        assertThat(planned)
                .singleElement()
                .extracting(PendingOperation::action)
                .isEqualTo(new OperationAction.Reslice(
                        1, List.of(new OperationAction.SliceRequest(9, 0), new OperationAction.SliceRequest(9, 4))));
        assertThat(form.planProperty().get()).isEqualTo("nvidia-smi mig -i 1 -cgi 9:0,9:4 -C");
        assertThat(form.planStatusProperty().get()).isEqualTo("would re-slice");

        CompletableFuture<PendingOperation> saved = form.submit();
        assertThat(form.saveStatusProperty().get()).isEqualTo("Saving to the outbox\u2026");
        assertThat(form.readyProperty().get()).as("not twice while saving").isFalse();
        runFxThread();
        assertThat(saved).isCompleted();
        assertThat(form.saveStatusProperty().get()).isEqualTo("Saved to the outbox.");
        assertThat(queued).singleElement().satisfies(op -> {
            assertThat(op.reason()).isEqualTo("two halves for startup inference");
            assertThat(op.expectedGeneration()).isEqualTo(3);
            assertThat(op.requester()).isEqualTo("tech@hall-2");
            assertThat(op.idempotencyKey()).isNotEqualTo(planned.getFirst().idempotencyKey());
        });
    }

    @Test
    void aRackDrainAsksEveryAgentAtOnceAndOneRefusalStopsIt() {
        plans.put(
                "b",
                CompletableFuture.completedFuture(
                        new OperationOutcome(OperationStatus.REJECTED, "reserved for a demo", 3, false, List.of())));
        plans.put("c", CompletableFuture.failedFuture(new IllegalStateException("connection refused")));

        var form = form(OperationKind.DRAIN, node("a"), node("b"), node("c"));
        runFxThread();

        assertThat(form.title()).isEqualTo("Drain rack H1-A03: 3 servers");
        assertThat(form.facts()).isEqualTo("a, b, c");
        assertThat(planned).extracting(PendingOperation::hostname).containsExactly("a", "b", "c");
        assertThat(form.planProperty().get()).isEqualTo("plan for a");
        assertThat(form.planStatusProperty().get())
                .isEqualTo(
                        "b: The agent refuses: reserved for a demo\n"
                                + "c: No plan: connection refused. You can still queue it; the outbox sends it when the agent answers.");
        form.reasonProperty().set("PDU swap");
        assertThat(form.readyProperty().get()).as("refused by b").isFalse();
        assertThat(form.submit()).isCompletedExceptionally();
        assertThat(queued).isEmpty();
    }

    @Test
    void anAgentThatDoesNotAnswerSaysSoButDoesNotStopIt() {
        plans.put("c", CompletableFuture.failedFuture(new IllegalStateException("connection refused")));

        var form = form(OperationKind.RESUME, node("a"), node("c"));
        runFxThread();
        form.reasonProperty().set("PDU back");

        assertThat(form.planStatusProperty().get()).startsWith("c: No plan: connection refused.");
        assertThat(form.readyProperty().get()).isTrue();
    }

    @Test
    void changedDetailsDropThePlanAndAnAnswerForTheOldOnes() {
        var answer = new CompletableFuture<OperationOutcome>();
        plans.put("gpu-c07", answer);
        var form = form(OperationKind.REASSIGN, node("gpu-c07", H100));
        assertThat(form.detailsProblemProperty().get()).isEqualTo("Type a new pool, a new tenant, or both.");
        form.poolProperty().set("train");
        form.reasonProperty().set("quarter-end training");
        form.askForPlan();

        form.tenantProperty().set("acme");
        assertThat(form.planStatusProperty().get())
                .as("the old details' plan is gone")
                .isEmpty();
        answer.complete(
                new OperationOutcome(OperationStatus.CONFLICT, "generation 4", 4, false, List.of("scontrol ...")));
        runFxThread();

        assertThat(form.planProperty().get())
                .as("an answer about pool alone is not shown")
                .isEmpty();
        assertThat(form.readyProperty().get()).as("nor does its conflict count").isTrue();
    }

    @Test
    void aSaveThatFailsPartWaySaysWhyAndTheNextPressQueuesOnlyTheRest() {
        failOnce.add("b");
        var form = form(OperationKind.DRAIN, node("a"), node("b"));
        runFxThread();
        form.reasonProperty().set("PDU swap");

        CompletableFuture<PendingOperation> first = form.submit();
        runFxThread();
        assertThat(first).isCompletedExceptionally();
        assertThat(form.saveStatusProperty().get()).isEqualTo("Not saved: disk full. Nothing was lost; try again.");
        assertThat(form.readyProperty().get())
                .as("the form stays, ready to try again")
                .isTrue();
        assertThat(queued).extracting(PendingOperation::hostname).containsExactly("a");

        CompletableFuture<PendingOperation> second = form.submit();
        runFxThread();
        assertThat(second).isCompleted();
        assertThat(queued)
                .extracting(PendingOperation::hostname)
                .as("a never twice")
                .containsExactly("a", "b");
    }

    @Test
    void aServerWithNoSliceableGpuSaysSoAndSeveralServersAreOnlyForDrainAndResume() {
        var form = form(OperationKind.RESLICE, node("gpu-c07", L40S));

        assertThat(form.gpuProperty().get()).isNull();
        assertThat(form.detailsProblemProperty().get()).isEqualTo("This server has no GPU that can be re-sliced.");
        assertThatIllegalArgumentException().isThrownBy(() -> form(OperationKind.REASSIGN, node("a"), node("b")));
    }
}

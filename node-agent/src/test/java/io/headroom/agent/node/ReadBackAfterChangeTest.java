package io.headroom.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.operations.OperationHandler;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue #22, point 8: GetInventory lagged Execute by up to a poll interval on Slurm, so a console
 * reading the generation right after an operation got CONFLICT. The node is read again before the
 * answer goes out.
 */
class ReadBackAfterChangeTest {

    private final AtomicLong schedulerGeneration = new AtomicLong(7);

    private SchedulerView.Status read() {
        return new SchedulerView.Status(
                SchedulerState.IDLE, schedulerGeneration.get(), "train", null, GpuAllocation.NONE);
    }

    @Test
    void afterAnAppliedOperationTheViewHoldsTheNewGenerationAtOnce() {
        // Polled once at start, then not for an hour: only the read-back can move it.
        try (var view = new PolledSchedulerView("Slurm", this::read, 3_600_000)) {
            await().until(() -> view.now().generation() == 7);
            OperationHandler backend = request -> {
                schedulerGeneration.set(8);
                return ExecuteResponse.newBuilder()
                        .setStatus(
                                request.getDryRun()
                                        ? ExecuteStatus.EXECUTE_STATUS_PLANNED
                                        : ExecuteStatus.EXECUTE_STATUS_APPLIED)
                        .setGeneration(8)
                        .build();
            };
            var handler = new ReadBackAfterChange(backend, view);

            handler.execute(drain(true));
            assertThat(view.now().generation())
                    .as("a plan changes nothing: no read")
                    .isEqualTo(7);

            ExecuteResponse applied = handler.execute(drain(false));
            assertThat(applied.getGeneration()).isEqualTo(8);
            assertThat(view.now().generation())
                    .as("what GetInventory serves the moment the answer is out")
                    .isEqualTo(8);
        }
    }

    private static ExecuteRequest drain(boolean dryRun) {
        return ExecuteRequest.newBuilder()
                .setHostname("gpu-node-01")
                .setIdempotencyKey("k")
                .setDryRun(dryRun)
                .setDrain(Drain.getDefaultInstance())
                .build();
    }
}

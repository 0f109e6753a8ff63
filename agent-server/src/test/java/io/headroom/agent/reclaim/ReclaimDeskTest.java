package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.operations.Answers;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.NotifyOwner;
import io.headroom.protocol.v1.Resume;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReclaimDeskTest {

    @Test
    void withNoWebhooksNotifyingIsRefusedAndOtherActionsPassAndWorkloadsAreServedUnmarked() throws Exception {
        try (var desk = new ReclaimDesk(
                List.of(),
                "",
                List.of(),
                Notices.lookup(List.of(Notices.job())),
                new Notices.FakeGpus(),
                PolicyMemory.inMemory(),
                InstantSource.system())) {
            var handler = desk.notifying(
                    request -> Answers.answer(ExecuteStatus.EXECUTE_STATUS_APPLIED, "resumed", List.of(), 0));

            var notify = handler.execute(ExecuteRequest.newBuilder()
                    .setHostname("gpu-07")
                    .setDryRun(true)
                    .setNotifyOwner(NotifyOwner.newBuilder().setWorkloadId("slurm:hpc:4242"))
                    .build());
            var resume = handler.execute(ExecuteRequest.newBuilder()
                    .setHostname("gpu-07")
                    .setResume(Resume.getDefaultInstance())
                    .build());

            assertThat(notify.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_REJECTED);
            assertThat(notify.getMessage()).startsWith("no webhook is configured for pool a100");
            assertThat(resume.getMessage()).isEqualTo("resumed");
            assertThat(desk.marked(Notices.job())).isEqualTo(Notices.job());
            assertThat(desk.counts().snapshot()).isEmpty();
        }
    }
}

package io.headroom.agent.operations.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.operations.command.CommandResult;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.Drain;
import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.ExecuteResponse;
import io.headroom.protocol.v1.ExecuteStatus;
import io.headroom.protocol.v1.Reassign;
import io.headroom.protocol.v1.Reslice;
import io.headroom.protocol.v1.Resume;
import io.headroom.protocol.v1.SliceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneOperationsTest {

    @TempDir
    Path dir;

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private boolean busy;

    private StandaloneOperations operations(NodeBook book) {
        Accelerator h100 = new Accelerator("GPU-0", Vendor.NVIDIA, "NVIDIA H100 80GB HBM3", 81_559, 0, true, List.of());
        return new StandaloneOperations(
                book,
                "gpu-s01"::equals,
                (h, i) -> i == 0 ? Optional.of(h100) : Optional.empty(),
                (h, i) -> busy,
                "nvidia-smi",
                (argv, timeout) -> {
                    ran.add(String.join(" ", argv));
                    return new CommandResult(0, "", "", false);
                },
                Duration.ofSeconds(5));
    }

    private static ExecuteRequest.Builder request() {
        return ExecuteRequest.newBuilder()
                .setIdempotencyKey("k")
                .setHostname("gpu-s01")
                .setRequester("li@hall-2");
    }

    private static Node node() {
        return new Node("gpu-s01", "SN1", "rack-1", 1, 2, "default", "", SchedulerState.IDLE, 0, 1000, List.of());
    }

    @Test
    void aDrainIsKeptAcrossARestartAndShownInTheInventory() throws Exception {
        Path file = dir.resolve("state/nodes.properties");
        ExecuteResponse drained = operations(NodeBook.open(file))
                .execute(request()
                        .setDrain(Drain.getDefaultInstance())
                        .setReason("fan swap")
                        .setExpectedGeneration(1)
                        .build());
        assertThat(drained.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(drained.getGeneration()).isEqualTo(2);

        NodeBook reopened = NodeBook.open(file); // the agent restarted
        Node shown = reopened.overlay(node());
        assertThat(shown.schedulerState()).isEqualTo(SchedulerState.DRAINED);
        assertThat(shown.generation()).isEqualTo(2);

        ExecuteResponse stale = operations(reopened)
                .execute(request()
                        .setResume(Resume.getDefaultInstance())
                        .setExpectedGeneration(1)
                        .build());
        assertThat(stale.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_CONFLICT);
        ExecuteResponse resumed = operations(reopened)
                .execute(request()
                        .setResume(Resume.getDefaultInstance())
                        .setExpectedGeneration(2)
                        .build());
        assertThat(resumed.getStatus()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(NodeBook.open(file).overlay(node()).schedulerState()).isEqualTo(SchedulerState.IDLE);
    }

    @Test
    void reassignSetsThePoolAndTenantTheConsoleSees() throws Exception {
        NodeBook book = NodeBook.open(dir.resolve("nodes.properties"));
        ExecuteResponse plan = operations(book)
                .execute(request()
                        .setReassign(Reassign.newBuilder().setPool("infer").setTenant("startup-7"))
                        .setDryRun(true)
                        .build());
        assertThat(plan.getPlanList())
                .containsExactly("set gpu-s01 pool=infer tenant=startup-7 in the agent's node state");
        assertThat(book.overlay(node()).pool()).isEqualTo("default");
        operations(book)
                .execute(request()
                        .setReassign(Reassign.newBuilder().setPool("infer").setTenant("startup-7"))
                        .build());
        assertThat(book.overlay(node())).extracting(Node::pool, Node::tenant).containsExactly("infer", "startup-7");
    }

    @Test
    void anIdleGpuIsReslicedAndABusyOneIsNot() throws Exception {
        NodeBook book = NodeBook.open(dir.resolve("nodes.properties"));
        var reslice = Reslice.newBuilder()
                .setGpuIndex(0)
                .addSlices(SliceRequest.newBuilder().setProfileId(19).setPlacementStart(0))
                .addSlices(SliceRequest.newBuilder().setProfileId(19).setPlacementStart(1));
        busy = true;
        assertThat(operations(book)
                        .execute(request().setReslice(reslice).build())
                        .getMessage())
                .contains("busy");
        assertThat(ran).isEmpty();
        busy = false;
        ExecuteResponse done =
                operations(book).execute(request().setReslice(reslice).build());
        assertThat(done.getStatus()).as(done.getMessage()).isEqualTo(ExecuteStatus.EXECUTE_STATUS_APPLIED);
        assertThat(ran).containsExactly("nvidia-smi mig -i 0 -cgi 19:0,19:1 -C");
    }

    @Test
    void nodesOfOtherAgentsAndADamagedStateFileAreRefusedByName() throws Exception {
        NodeBook book = NodeBook.open(dir.resolve("nodes.properties"));
        assertThat(operations(book)
                        .execute(request()
                                .setHostname("gpu-x99")
                                .setDrain(Drain.getDefaultInstance())
                                .build())
                        .getMessage())
                .isEqualTo("this agent does not serve gpu-x99");
        Path broken = dir.resolve("broken.properties");
        Files.writeString(broken, "gpu-s01.generation=many\n");
        assertThatThrownBy(() -> NodeBook.open(broken))
                .hasMessage(broken + ": gpu-s01.generation must be a whole number, was 'many'");
    }
}

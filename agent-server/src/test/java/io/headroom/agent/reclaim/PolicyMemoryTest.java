package io.headroom.agent.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyMemoryTest {

    @TempDir
    Path dir;

    @Test
    void whatIsSavedIsReadBackAndEndedWorkloadsAreForgotten() throws Exception {
        Path file = dir.resolve("state/held-idle.state");
        PolicyMemory memory = PolicyMemory.open(file);
        memory.warned("k8s:ml/notebook 0", 1_000, "policy:notify:k8s:ml/notebook 0:1:0");
        memory.eligible("k8s:ml/notebook 0", 2_000);
        memory.warned("slurm:hpc:1", 3_000, "k1");
        memory.keepOnly(Set.of("k8s:ml/notebook 0"));
        memory.save();

        PolicyMemory again = PolicyMemory.open(file);

        assertThat(again.of("k8s:ml/notebook 0"))
                .isEqualTo(new PolicyMemory.Entry(1_000, "policy:notify:k8s:ml/notebook 0:1:0", 2_000, ""));
        assertThat(again.of("slurm:hpc:1")).isEqualTo(PolicyMemory.Entry.EMPTY);
    }

    @Test
    void aDamagedLineIsSkippedAndTheRestRead() throws Exception {
        Path file = dir.resolve("held-idle.state");
        String good = PolicyMemory.format("a", new PolicyMemory.Entry(5, "ka", 0, ""));
        String damaged =
                PolicyMemory.format("b", new PolicyMemory.Entry(6, "kb", 0, "")).replace(" 6 ", " 7 ");
        Files.writeString(file, damaged + "\n" + good + "\n");

        PolicyMemory memory = PolicyMemory.open(file);

        assertThat(memory.of("a").warnedKey()).isEqualTo("ka");
        assertThat(memory.of("b")).isEqualTo(PolicyMemory.Entry.EMPTY);
    }
}

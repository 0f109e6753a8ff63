package io.headroom.agent.operations.slurm;

import static io.headroom.agent.BrokenInputs.around;
import static io.headroom.agent.BrokenInputs.random;
import static io.headroom.agent.BrokenInputs.survive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever scontrol prints for a job, {@link SlurmJob#parse} returns a job or refuses the line
 * with an IllegalArgumentException saying what it was; nothing else escapes it.
 */
class SlurmJobFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyJobLine(byte[] input) {
        try {
            SlurmJob job = SlurmJob.parse(new String(input, StandardCharsets.UTF_8), SlurmJobTest.UTC);
            job.runsOn("vm");
        } catch (IllegalArgumentException expected) {
            // said in words
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a parser that never returns, not a speed check
    void everyPrefixAndRandomChangeOfTheCaptureAndRandomBytes() {
        List<byte[]> inputs = new ArrayList<>(around(SlurmJobTest.capture(), 61, 300));
        inputs.addAll(
                random("JobId=1 JobState=RUNNING Nodes=n[0-9,] GRES=gpu:a:2(IDX:0-1,3) TimeLimit=1-:", 62, 2000, 300));
        survive("SlurmJob", inputs, this::anyJobLine);
    }
}

package io.headroom.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.headroom.agent.source.OneShotCommand;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.Vendor;
import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import io.headroom.protocol.v1.WorkloadKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poller: merged readings to the sink, failures kept apart and counted. */
class WorkloadPollerTest {

    @TempDir
    Path dir;

    private final List<List<Workload>> reported = new CopyOnWriteArrayList<>();
    private final WorkloadSink sink = (String scope, Collection<Workload> w) -> {
        assertThat(scope).isEqualTo("gpu01");
        reported.add(List.copyOf(w));
    };

    private static Workload job(String id, int gpu) {
        return Workload.newBuilder()
                .setId(id)
                .setKind(WorkloadKind.WORKLOAD_KIND_SLURM_JOB)
                .addHoldings(Holding.newBuilder().setHostname("gpu01").setGpuIndex(gpu))
                .build();
    }

    private static GpuProcesses tool(AtomicReference<Object> next) {
        return new GpuProcesses(
                "nvidia-smi-processes",
                (run, timeout) -> {
                    Object now = next.get();
                    if (now instanceof IOException e) {
                        throw e;
                    }
                    @SuppressWarnings("unchecked")
                    List<GpuProcess> processes = (List<GpuProcess>) now;
                    return processes;
                },
                (argv, timeout) -> "",
                new ProcessOwners(Path.of("/nonexistent"), Path.of("/nonexistent")));
    }

    @Test
    void nothingIsReportedUntilTheSchedulerAnswersThenJobsAndStrayProcesses() {
        AtomicReference<Object> jobs =
                new AtomicReference<>(new IOException("slurm_load_jobs error: Unable to contact slurm controller"));
        AtomicReference<Object> processes = new AtomicReference<>(
                List.of(new GpuProcess(0, -1, 10, "python", 100), new GpuProcess(3, -1, 11, "x", 1)));
        var poller = new WorkloadPoller(
                "gpu01",
                () -> {
                    if (jobs.get() instanceof IOException e) {
                        throw e;
                    }
                    @SuppressWarnings("unchecked")
                    List<Workload> now = (List<Workload>) jobs.get();
                    return now;
                },
                List.of(tool(processes)),
                Duration.ofSeconds(1),
                sink);
        poller.poll();
        assertThat(reported).isEmpty(); // unknown jobs are not "no jobs"
        assertThat(poller.health().getFirst().failures()).isEqualTo(1);
        assertThat(poller.health().getFirst().lastProblem()).contains("Unable to contact");

        jobs.set(List.of(job("slurm:hpc:1", 0)));
        poller.poll();
        assertThat(reported).hasSize(1);
        List<Workload> now = reported.getLast();
        assertThat(now).extracting(Workload::getId).containsExactly("slurm:hpc:1", "process:gpu01:11");
        assertThat(now.getFirst().getProcesses(0).getPid()).isEqualTo(10);
        assertThat(now.getFirst().getProcesses(0).getUser()).isEmpty(); // owner unreadable: empty, not a guess
    }

    @Test
    void aFailingReaderKeepsWhatItLastReadAndOthersGoOn() {
        AtomicReference<Object> processes = new AtomicReference<>(List.of(new GpuProcess(3, -1, 11, "x", 1)));
        List<Workload> jobs = new ArrayList<>(List.of(job("slurm:hpc:1", 0)));
        var poller = new WorkloadPoller(
                "gpu01", () -> List.copyOf(jobs), List.of(tool(processes)), Duration.ofSeconds(1), sink);
        poller.poll();
        processes.set(new IOException("nvidia-smi exited with code 9: NVIDIA-SMI has failed"));
        jobs.add(job("slurm:hpc:2", 1));
        poller.poll();
        poller.poll();
        assertThat(reported.getLast())
                .extracting(Workload::getId)
                .containsExactly("slurm:hpc:1", "slurm:hpc:2", "process:gpu01:11");
        var health = poller.health();
        assertThat(health).extracting(h -> h.source()).containsExactly("scheduler-jobs", "nvidia-smi-processes");
        assertThat(health.get(0).readings()).isEqualTo(3);
        assertThat(health.get(1).readings()).isEqualTo(1);
        assertThat(health.get(1).failures()).isEqualTo(2);
    }

    @Test
    void troubleIsLoggedOnceWhenItStartsOrChangesAndOnceWhenItEnds() {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WorkloadPoller.class);
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        logger.addAppender(lines);
        try {
            AtomicReference<Object> processes =
                    new AtomicReference<>(new IOException("cannot run /usr/bin/nvidia-smi: No such file"));
            var poller = new WorkloadPoller("gpu01", List::of, List.of(tool(processes)), Duration.ofSeconds(1), sink);
            poller.poll();
            poller.poll();
            poller.poll();
            processes.set(new IOException("nvidia-smi did not finish within 10000 ms, so it was killed"));
            poller.poll();
            processes.set(List.of());
            poller.poll();
            poller.poll();
            assertThat(lines.list)
                    .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .containsExactly(
                            "WARN cannot read compute processes (nvidia-smi-processes): cannot run /usr/bin/nvidia-smi:"
                                    + " No such file; the console keeps what was last read",
                            "WARN cannot read compute processes (nvidia-smi-processes): nvidia-smi did not finish within"
                                    + " 10000 ms, so it was killed; the console keeps what was last read",
                            "INFO reading compute processes (nvidia-smi-processes) works again");
            assertThat(poller.health().get(1).failures()).isEqualTo(4);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void aHungNvidiaSmiIsStoppedAndTheJobsAreStillReported() throws Exception {
        Path nvidiaSmi = dir.resolve("nvidia-smi");
        Files.writeString(nvidiaSmi, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(nvidiaSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
        var gpu = new Accelerator("GPU-1", Vendor.NVIDIA, "H100", 81_559, 0, false, List.of());
        var poller = new WorkloadPoller(
                "gpu01",
                () -> List.of(job("slurm:hpc:1", 0)),
                List.of(GpuProcesses.nvidia(nvidiaSmi, () -> List.of(gpu), OneShotCommand::run)),
                Duration.ofMillis(300),
                sink);
        poller.poll();
        assertThat(reported.getLast()).extracting(Workload::getId).containsExactly("slurm:hpc:1");
        assertThat(poller.health().get(1).lastProblem()).contains("did not finish within 300 ms");
    }

    @Test
    void itPollsOnAThreadOfItsOwn() {
        try (var poller = new WorkloadPoller(
                        "gpu01", () -> List.of(job("slurm:hpc:1", 0)), List.of(), Duration.ofSeconds(1), sink)
                .start(Duration.ofMillis(50))) {
            await("two polls").until(() -> reported.size() >= 2);
            assertThat(poller.health().getFirst().readings()).isGreaterThanOrEqualTo(2);
        }
    }
}

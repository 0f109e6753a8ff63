package io.headroom.agent.workload;

import io.headroom.agent.source.SourceHealth;
import io.headroom.protocol.v1.ComputeProcess;
import io.headroom.protocol.v1.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds this node's accelerators, read every interval on a thread of its own (never the
 * sampling thread): the scheduler's jobs, then each device tool's compute processes, merged
 * and handed to the sink. Every command is bounded by its timeout. A reader that fails
 * (missing, hung, garbage) keeps what it last read, is counted in /metrics under its name,
 * and is logged once when its trouble starts or changes and once when it reads again.
 * Nothing is reported until the scheduler has answered once: a node whose jobs are unknown
 * must not look as if it had none.
 */
public final class WorkloadPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkloadPoller.class);

    /** The scheduler's workloads on this node, with their holdings; throws with a message for the log. */
    @FunctionalInterface
    public interface SchedulerJobs {
        List<Workload> read() throws Exception;
    }

    private final String host;
    private final SchedulerJobs jobs;
    private final List<GpuProcesses> tools;
    private final Duration toolTimeout;
    private final WorkloadSink sink;
    private final Watched jobsWatch;
    private final List<Watched> toolWatches = new ArrayList<>();
    private ScheduledExecutorService poller;

    private List<Workload> lastJobs = List.of();
    private boolean jobsKnown;
    private final List<List<ComputeProcess>> lastProcesses = new ArrayList<>();

    /**
     * @param jobs        null where no scheduler places workloads (standalone, or none)
     * @param toolTimeout how long one device tool may run
     */
    public WorkloadPoller(
            String host, SchedulerJobs jobs, List<GpuProcesses> tools, Duration toolTimeout, WorkloadSink sink) {
        this.host = host;
        this.jobs = jobs;
        this.tools = List.copyOf(tools);
        this.toolTimeout = toolTimeout;
        this.sink = sink;
        this.jobsWatch = jobs == null ? null : new Watched("scheduler-jobs", "the scheduler's jobs");
        for (GpuProcesses tool : this.tools) {
            toolWatches.add(new Watched(tool.name(), "compute processes (" + tool.name() + ")"));
            lastProcesses.add(List.of());
        }
        this.jobsKnown = jobs == null;
    }

    /** Polls every {@code interval}, the first time now. */
    public WorkloadPoller start(Duration interval) {
        poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("headroom-workloads-poll").factory());
        // Runs until close() shuts the executor down; nothing reads the future.
        var unusedPolling = poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** How each reader is doing, for /metrics. */
    public List<SourceHealth> health() {
        List<SourceHealth> all = new ArrayList<>();
        if (jobsWatch != null) {
            all.add(jobsWatch.health);
        }
        toolWatches.forEach(w -> all.add(w.health));
        return List.copyOf(all);
    }

    /** One round: read everything, merge, report. Public for tests; the poller's thread calls it otherwise. */
    public synchronized void poll() {
        try {
            if (jobs != null) {
                try {
                    lastJobs = List.copyOf(jobs.read());
                    jobsKnown = true;
                    jobsWatch.worked();
                } catch (Exception e) {
                    jobsWatch.failed(e);
                }
            }
            List<ComputeProcess> processes = new ArrayList<>();
            for (int i = 0; i < tools.size(); i++) {
                try {
                    lastProcesses.set(i, tools.get(i).read(host, toolTimeout));
                    toolWatches.get(i).worked();
                } catch (Exception e) {
                    toolWatches.get(i).failed(e);
                }
                processes.addAll(lastProcesses.get(i));
            }
            if (jobsKnown) {
                sink.replace(host, HoldersOnNode.merge(host, lastJobs, processes));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log it and poll again next time.
            log.warn("reading who holds the GPUs failed unexpectedly: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** One reader's health and the last trouble logged for it. */
    private static final class Watched {
        final SourceHealth health;
        final String what;
        String lastProblem = "";

        Watched(String name, String what) {
            this.health = new SourceHealth(name);
            this.what = what;
        }

        void worked() {
            health.reading();
            if (!lastProblem.isEmpty()) {
                log.info("reading {} works again", what);
                lastProblem = "";
            }
        }

        void failed(Exception e) {
            String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            health.failure(problem);
            if (!problem.equals(lastProblem)) {
                log.warn("cannot read {}: {}; the console keeps what was last read", what, problem);
                lastProblem = problem;
            }
        }
    }
}

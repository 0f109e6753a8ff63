package io.headroom.agent.simulator;

import io.headroom.protocol.v1.Workload;

/**
 * A simulated job as an operator about to reclaim its GPUs would want to know it.
 *
 * @param workload               as the scheduler reports it
 * @param minutesRun             since it started
 * @param minutesSinceCheckpoint of training since its last checkpoint (what ending it now loses); -1 for
 *                               jobs that do not checkpoint
 * @param idleMinutes            how long it has held its GPUs doing nothing; 0 when it is working
 */
public record RunningJob(Workload workload, int minutesRun, int minutesSinceCheckpoint, int idleMinutes) {}

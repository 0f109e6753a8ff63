package io.headroom.agent.audit;

/**
 * How the audit trail is doing, for {@code /metrics}.
 *
 * @param records          the number of the last record written
 * @param interruptions    times the file was found deleted, replaced, truncated or written to by another program
 *                         (while the agent ran, or since it last ran)
 * @param writable         false while the agent refuses operations because it cannot continue the trail
 * @param fileIntact       whether the file at the path is, now, the one the agent writes and as long as it left it
 *                         (checked when asked: a scrape shows a deleted file before the next operation does)
 * @param lastInterruption what happened the last time, "" when never
 * @param refusalsDropped  refusals counted but not written, over the audit budget
 */
public record AuditStatus(
        long records,
        long interruptions,
        boolean writable,
        boolean fileIntact,
        String lastInterruption,
        long refusalsDropped) {}

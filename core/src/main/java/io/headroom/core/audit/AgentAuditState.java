package io.headroom.core.audit;

/**
 * An agent's audit trail as this console last saw it: its signed head, what that head says
 * against the one kept from before, and how the agent says its trail is doing.
 *
 * @param agent            the agent's address, as the console's configuration names it
 * @param latest           the head last read
 * @param kept             the head kept as the anchor: the latest one that was trusted
 * @param verdict          the latest head judged against the kept one
 * @param writable         false while the agent refuses operations because it cannot continue its trail
 * @param interruptions    times the agent found its file deleted, replaced, truncated or written by another program
 * @param lastInterruption what happened the last time, in the agent's words; empty when never
 * @param refusalsDropped  refusals the agent counted but did not write, over its audit budget
 */
public record AgentAuditState(
        String agent,
        SignedHead latest,
        SignedHead kept,
        HeadVerdict verdict,
        boolean writable,
        long interruptions,
        String lastInterruption,
        long refusalsDropped) {

    /** Whether anything here needs a person: a head that does not add up, or a trail the agent cannot write. */
    public boolean needsAttention() {
        return !verdict.trusted() || !writable;
    }

    /** One line in the operator's words. */
    public String describe() {
        if (!verdict.trusted()) {
            return verdict.describe();
        }
        if (!writable) {
            return "the agent refuses operations: it cannot continue its audit trail ("
                    + (lastInterruption.isEmpty() ? "see its log" : lastInterruption) + ")";
        }
        String line = "record " + latest.record() + ", signed; " + verdict.describe();
        if (interruptions > 0) {
            line += "; interrupted " + interruptions + (interruptions == 1 ? " time" : " times")
                    + (lastInterruption.isEmpty() ? "" : ", last: " + lastInterruption);
        }
        return line;
    }
}

package io.headroom.views.operations;

/**
 * One audit entry in the operator's words: the action of an operation the outbox still lists
 * and the results the log records by name (APPLIED, DISMISSED, ...) are translated; the rest
 * reads as it was recorded.
 */
public record AuditLine(
        AuditRow row, String at, String actor, String action, String target, String reason, String result) {

    /** The entry's particulars as recorded (the agent's message, the plan, the generation). */
    public String detail() {
        return row.detail();
    }
}

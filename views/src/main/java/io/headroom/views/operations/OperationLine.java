package io.headroom.views.operations;

/**
 * One outbox row in the operator's words and language, as the table and the detail pane show it.
 *
 * @param stage    for the filter and the row's colour
 * @param nextTry  when the outbox tries again ("in 40 s"), empty unless it is waiting to
 * @param answer   the agent's answer in words with its own message, or why no agent was reached
 */
public record OperationLine(
        OperationRow row,
        OperationStage stage,
        String queuedAt,
        String server,
        String action,
        String requester,
        String reason,
        String state,
        String attempts,
        String nextTry,
        String answer) {

    /** Attempts so far, and when the next one is due while the outbox waits to try again: "3 · in 40 s". */
    public String tries() {
        return nextTry.isEmpty() ? attempts : attempts + " \u00b7 " + nextTry;
    }

    public String key() {
        return row.key();
    }

    /** Whether an operator can retry or dismiss it now. */
    public boolean needsOperator() {
        return row.needsOperator();
    }
}

package io.headroom.core.operation;

/** The agent's answer to an operation, as in the protocol's ExecuteStatus. */
public enum OperationStatus {
    /** A dry run's plan; nothing changed. */
    PLANNED,
    APPLIED,
    /** Refused, with the reason in the message (an invalid MIG layout, an unknown node). */
    REJECTED,
    /** The node's generation is not the one the operator saw: someone else changed it first. */
    CONFLICT,
    /** Accepted and under way (a drain waiting for jobs to finish). */
    IN_PROGRESS
}

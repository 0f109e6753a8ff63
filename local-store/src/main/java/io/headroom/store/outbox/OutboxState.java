package io.headroom.store.outbox;

/** Where an operation is in the outbox. Stored by name. */
public enum OutboxState {
    /** Waiting to be sent (never sent, or the agent was unreachable). */
    QUEUED,
    /** Handed to the sender; if the console died here it is sent again, with the same key. */
    SENDING,
    /** The agent answered APPLIED, IN_PROGRESS or PLANNED. */
    DELIVERED,
    /** The node changed since the operator looked: the operator decides (dismiss or retry). */
    CONFLICT,
    /** The agent refused it; the operator should read why. */
    REJECTED,
    /** An operator closed a conflict or rejection without retrying. */
    DISMISSED,
    /** An operator retried a conflict as a new operation (with a new key). */
    RETRIED;

    /** Still to be sent. */
    public boolean isOpen() {
        return this == QUEUED || this == SENDING;
    }

    /** Waiting for an operator's decision. */
    public boolean needsOperator() {
        return this == CONFLICT || this == REJECTED;
    }
}

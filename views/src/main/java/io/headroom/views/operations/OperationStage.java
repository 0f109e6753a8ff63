package io.headroom.views.operations;

import java.util.Locale;

/**
 * Where an operation stands for the operator, from the outbox's state: still on its way, waiting
 * for a decision, or over. Also the outbox table's filter and the row's colour.
 */
public enum OperationStage {
    /** Queued or being sent: the outbox is on it. */
    WAITING,
    /** A conflict or a refusal: an operator retries or dismisses it. */
    NEEDS_YOU,
    /** Delivered, dismissed or retried as a new operation. */
    DONE;

    /** The stage of an outbox state (QUEUED, SENDING, DELIVERED, CONFLICT, REJECTED, DISMISSED, RETRIED). */
    public static OperationStage of(String outboxState) {
        return switch (outboxState) {
            case "QUEUED", "SENDING" -> WAITING;
            case "CONFLICT", "REJECTED" -> NEEDS_YOU;
            default -> DONE;
        };
    }

    /** Its name in the bundles and the style sheets: "needs-you". */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

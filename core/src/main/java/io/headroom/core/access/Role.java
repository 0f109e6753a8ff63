package io.headroom.core.access;

import io.headroom.core.operation.OperationAction;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an identity may do at an agent. Each role includes the ones before it: a viewer
 * watches (inventory and telemetry), a technician also drains and resumes nodes (before
 * pulling a card) and notifies a workload's owner, an operator also reassigns, re-slices,
 * requeues, cancels and evicts. The agent enforces this; the
 * console only hides what the agent would refuse.
 */
public enum Role {
    VIEWER,
    TECHNICIAN,
    OPERATOR;

    /** The least role that may carry out (or plan) an action of this kind. */
    public static Role neededFor(Class<? extends OperationAction> kind) {
        if (kind == OperationAction.Drain.class
                || kind == OperationAction.Resume.class
                || kind == OperationAction.NotifyOwner.class) {
            return TECHNICIAN;
        }
        return OPERATOR;
    }

    public boolean permits(Class<? extends OperationAction> kind) {
        return compareTo(neededFor(kind)) >= 0;
    }

    public boolean permits(OperationAction action) {
        return permits(action.getClass());
    }

    /** Whether this role may do anything to a node at all. */
    public boolean mayAct() {
        return this != VIEWER;
    }

    /** The role's name as configuration files and messages write it: viewer, technician, operator. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code viewer}, {@code technician} or {@code operator} (any case). */
    public static Optional<Role> parse(String text) {
        return Arrays.stream(values())
                .filter(r -> r.id().equalsIgnoreCase(text == null ? "" : text.strip()))
                .findFirst();
    }
}

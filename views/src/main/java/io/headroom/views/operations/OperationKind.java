package io.headroom.views.operations;

import io.headroom.core.operation.OperationAction;

/** The four things an operator can do to a node, as the dialogs and buttons name them. */
public enum OperationKind {
    DRAIN,
    RESUME,
    REASSIGN,
    RESLICE;

    /** The kind of core action this is, for role checks. */
    Class<? extends OperationAction> action() {
        return switch (this) {
            case DRAIN -> OperationAction.Drain.class;
            case RESUME -> OperationAction.Resume.class;
            case REASSIGN -> OperationAction.Reassign.class;
            case RESLICE -> OperationAction.Reslice.class;
        };
    }

    String messageKey() {
        return "operation." + name().toLowerCase(java.util.Locale.ROOT);
    }
}

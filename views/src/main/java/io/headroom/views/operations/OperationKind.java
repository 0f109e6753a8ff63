package io.headroom.views.operations;

import io.headroom.core.operation.OperationAction;

/**
 * What an operator can do to a node (drain, resume, reassign, re-slice) or to a workload on it
 * (notify its owner, requeue, cancel, evict), as the dialogs and buttons name them.
 */
public enum OperationKind {
    DRAIN,
    RESUME,
    REASSIGN,
    RESLICE,
    NOTIFY_OWNER,
    REQUEUE,
    CANCEL,
    EVICT;

    /** True for the actions on a workload rather than on its node. */
    public boolean reclaims() {
        return OperationAction.Reclaim.class.isAssignableFrom(action());
    }

    /** The kind of core action this is, for role checks. */
    Class<? extends OperationAction> action() {
        return switch (this) {
            case DRAIN -> OperationAction.Drain.class;
            case RESUME -> OperationAction.Resume.class;
            case REASSIGN -> OperationAction.Reassign.class;
            case RESLICE -> OperationAction.Reslice.class;
            case NOTIFY_OWNER -> OperationAction.NotifyOwner.class;
            case REQUEUE -> OperationAction.Requeue.class;
            case CANCEL -> OperationAction.Cancel.class;
            case EVICT -> OperationAction.Evict.class;
        };
    }

    String messageKey() {
        return "operation." + name().toLowerCase(java.util.Locale.ROOT);
    }
}

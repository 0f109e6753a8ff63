package io.headroom.views.operations;

/** The four things an operator can do to a node, as the dialogs and buttons name them. */
public enum OperationKind {
    DRAIN, RESUME, REASSIGN, RESLICE;

    String messageKey() {
        return "operation." + name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.headroom.views.node;

import java.util.Objects;

/**
 * Something an operator can do to the shown node (drain, resume, reassign, re-slice), as the
 * app offers it: a button label and what to run, on the FX thread, when it is pressed.
 */
public record NodeAction(String label, Runnable action) {
    public NodeAction {
        Objects.requireNonNull(label);
        Objects.requireNonNull(action);
    }
}

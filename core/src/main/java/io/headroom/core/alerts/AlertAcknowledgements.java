package io.headroom.core.alerts;

import java.util.Set;

/**
 * Who has seen which alert. An acknowledgement covers one occurrence (key and since): if the
 * condition clears and comes back, it is news again. The app backs this with storage so that
 * acknowledgements survive a restart and are shared; {@link InMemoryAcknowledgements} keeps
 * them for the session. Called on the FX thread.
 */
public interface AlertAcknowledgements {

    boolean isAcknowledged(Alert alert);

    void acknowledge(Alert alert);

    /** The alerts raised now, by key; an implementation may forget the others. */
    default void retain(Set<String> raisedKeys) {}
}

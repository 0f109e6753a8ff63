package io.headroom.store;

/**
 * The store cannot do what was asked right now (it could not be opened, or its disk is full).
 * Unlike a failed cache save, which is counted and skipped, this reaches the caller because
 * the caller must not pretend the thing was saved: an operation that was not queued must not
 * close its dialog.
 */
public final class StoreUnavailableException extends Exception {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.headroom.agent.source;

/** A source that cannot start, with a message for the operator naming the source and why. */
public final class SourceException extends Exception {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.headroom.wire;

/** An agent sent something that cannot be true; the message says what and where. */
public final class MalformedTelemetryException extends RuntimeException {
    public MalformedTelemetryException(String message) {
        super(message);
    }
}

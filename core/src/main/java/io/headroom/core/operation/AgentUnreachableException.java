package io.headroom.core.operation;

/** The agent did not answer; whether it acted is unknown, which the idempotency key makes harmless. */
public final class AgentUnreachableException extends Exception {

    public AgentUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    public AgentUnreachableException(String message) {
        super(message);
    }
}

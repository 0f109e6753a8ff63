package io.headroom.core.showback;

/** No usage could be had for a query: the message names why, in words for the operator. */
public final class UsageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageUnavailableException(String message) {
        super(message);
    }

    public UsageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

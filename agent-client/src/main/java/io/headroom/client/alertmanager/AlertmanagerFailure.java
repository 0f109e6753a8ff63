package io.headroom.client.alertmanager;

import java.net.URI;

/**
 * Alertmanager could not answer: down, too slow, an HTTP error (with what it said), or an answer that is not its
 * API's JSON. The message names the URL and the cause, in words an operator can act on.
 */
public final class AlertmanagerFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for the page and for a test. */
    public enum Cause {
        /** Nothing listens, the name does not resolve, or the connection broke. */
        DOWN,
        /** No complete answer within the timeout. */
        TIMEOUT,
        /** An HTTP status other than 200 (a refused silence is a 400 with Alertmanager's reason). */
        HTTP_ERROR,
        /** The answer is not the JSON of Alertmanager's API v2. */
        GARBAGE,
        /** The answer is larger than the client accepts. */
        TOO_LARGE
    }

    private final Cause cause;
    private final transient URI uri;

    AlertmanagerFailure(Cause cause, URI uri, String detail, Throwable underlying) {
        super(uri + ": " + detail, underlying);
        this.cause = cause;
        this.uri = uri;
    }

    public Cause reason() {
        return cause;
    }

    public URI uri() {
        return uri;
    }
}

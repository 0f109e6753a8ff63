package io.headroom.client.promql;

import java.net.URI;

/**
 * A PromQL endpoint could not answer: down, too slow, an HTTP error, an error from the query engine, or an answer
 * that is not the Prometheus API's JSON. The message names the URL and the cause, in words an operator can act on.
 */
public final class PromqlFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for the page and for a test. */
    public enum Cause {
        /** Nothing listens, the name does not resolve, or the connection broke. */
        DOWN,
        /** No answer within the timeout. */
        TIMEOUT,
        /** An HTTP status other than 200 without a PromQL error in it. */
        HTTP_ERROR,
        /** The endpoint answered, and said the query failed (a bad query, a limit it has). */
        QUERY_ERROR,
        /** The answer is not the JSON of the Prometheus HTTP API. */
        GARBAGE,
        /** The answer is larger than the client accepts. */
        TOO_LARGE
    }

    private final Cause cause;
    private final transient URI uri;

    PromqlFailure(Cause cause, URI uri, String detail, Throwable underlying) {
        super(withoutQuery(uri) + ": " + detail, underlying);
        this.cause = cause;
        this.uri = uri;
    }

    /** The endpoint and path, without the query string: short enough for a status line; {@link #uri} has it all. */
    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    public Cause reason() {
        return cause;
    }

    public URI uri() {
        return uri;
    }
}

package io.headroom.agent.access;

import io.grpc.Context;
import io.headroom.core.access.Role;

/**
 * Who is making the current call, as the agent recognised them; set for every call to the
 * Agent service by {@link CallerInterceptor}.
 *
 * @param name            the identity's configured name, or "anonymous"
 * @param authenticatedBy "token", "certificate" or "none"
 */
public record Caller(String name, Role role, String authenticatedBy) {

    static final Context.Key<Caller> KEY = Context.key("headroom-caller");

    /** The caller of the call running on this thread; null outside a call the interceptor let through. */
    public static Caller current() {
        return KEY.get();
    }

    /**
     * A context in which {@link #current()} is this caller: for what the agent does on its own
     * behalf (the held-idle policy), so that it goes through the same checks and audit as a person.
     */
    public Context context() {
        return Context.current().withValue(KEY, this);
    }

    @Override
    public String toString() {
        return name + " (" + role.id() + ", by " + authenticatedBy + ")";
    }
}

package io.headroom.agent.server;

import io.headroom.agent.access.AccessPolicy;
import io.headroom.agent.audit.AuditTrail;
import io.headroom.agent.tls.ServerTls;

/**
 * How an agent's port is protected: TLS (null: plaintext), who is admitted with which role,
 * and where Execute calls are written down.
 */
public record EndpointSecurity(ServerTls tls, AccessPolicy access, AuditTrail audit) {

    /** Plaintext, anyone may act, nothing written down: the embedded simulator and tests. */
    public static final EndpointSecurity OPEN = new EndpointSecurity(null, AccessPolicy.OPEN, AuditTrail.NONE);

    public EndpointSecurity {
        java.util.Objects.requireNonNull(access, "access");
        java.util.Objects.requireNonNull(audit, "audit");
    }
}

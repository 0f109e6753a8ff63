package io.headroom.agent.access;

import io.headroom.core.access.Role;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * Someone (or something: a relay, a wall display) the agent knows by name, and what they may
 * do. Recognised by a bearer token, of which only the SHA-256 is kept, or by the subject of a
 * client certificate signed by the agent's client CA.
 *
 * @param tokenSha256 lowercase hex SHA-256 of the token; null when this identity has no token
 * @param subject     the client certificate subject that stands for this identity; null for none
 */
public record Identity(String name, Role role, String tokenSha256, X500Principal subject) {
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (tokenSha256 == null && subject == null) {
            throw new IllegalArgumentException("identity " + name + " needs a token_sha256 or a certificate subject");
        }
    }

    @Override
    public String toString() {
        // Never the hash: it is not the token, but it is what a stolen config would guess against.
        return name + " (" + role.id() + ")";
    }
}

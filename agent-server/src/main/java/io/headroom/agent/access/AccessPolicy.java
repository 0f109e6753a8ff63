package io.headroom.agent.access;

import io.headroom.core.access.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Who may call an agent: the configured identities, and what a caller who presents neither a
 * known token nor a known certificate gets ({@code anonymousRole}; empty refuses them).
 */
public record AccessPolicy(List<Identity> identities, Optional<Role> anonymousRole) {

    /** {@code auth: none}: anyone who can reach the port may do anything (the simulator's default). */
    public static final AccessPolicy OPEN = new AccessPolicy(List.of(), Optional.of(Role.OPERATOR));

    /** No identities configured: anyone may watch, nobody may act. The default of real agents and relays. */
    public static final AccessPolicy WATCH_ONLY = new AccessPolicy(List.of(), Optional.of(Role.VIEWER));

    public AccessPolicy {
        identities = List.copyOf(identities);
    }

    /** Only these identities; anyone else is refused. */
    public static AccessPolicy identities(List<Identity> identities) {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("an identity policy needs at least one identity");
        }
        return new AccessPolicy(identities, Optional.empty());
    }

    /** The identity whose token this is. Compares every hash in constant time, so timing tells nothing. */
    Optional<Identity> byToken(String token) {
        byte[] presented = HexFormat.of().formatHex(sha256(token)).getBytes(StandardCharsets.US_ASCII);
        Identity found = null;
        for (Identity identity : identities) {
            if (identity.tokenSha256() != null
                    && MessageDigest.isEqual(presented, identity.tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
                found = identity;
            }
        }
        return Optional.ofNullable(found);
    }

    Optional<Identity> bySubject(X500Principal subject) {
        return identities.stream().filter(i -> subject.equals(i.subject())).findFirst();
    }

    boolean hasCertificateIdentities() {
        return identities.stream().anyMatch(i -> i.subject() != null);
    }

    /** The hex SHA-256 of a token, as {@code identities[].token_sha256} holds it. */
    public static String tokenSha256(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** One line for the agent's start-up log: how callers are admitted, never any secret. */
    public String describe() {
        if (identities.isEmpty()) {
            return anonymousRole
                    .map(r -> r == Role.OPERATOR
                            ? "no authentication (auth: none): every caller may act"
                            : "no identities configured: every caller may watch, none may act")
                    .orElse("nobody may call");
        }
        return identities.size() + " identities " + identities + "; unknown callers refused";
    }
}

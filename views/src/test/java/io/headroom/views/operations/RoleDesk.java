package io.headroom.views.operations;

import io.headroom.core.access.Role;
import io.headroom.core.audit.ChainVerdict;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A desk whose agents have said a role per node, and whose audit log gives a set verdict. */
final class RoleDesk extends QuietDesk {

    private final Map<String, Role> roles;
    volatile ChainVerdict verdict = new ChainVerdict.Intact(0, io.headroom.core.audit.AuditChain.GENESIS);

    RoleDesk(Map<String, Role> roles) {
        this.roles = roles;
    }

    @Override
    public Optional<Role> roleFor(String hostname) {
        return Optional.ofNullable(roles.get(hostname));
    }

    @Override
    public CompletableFuture<ChainVerdict> verifyAudit() {
        return CompletableFuture.completedFuture(verdict);
    }
}

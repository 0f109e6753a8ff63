package io.headroom.store.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit entries to list or export: a time range, optionally one actor or one target.
 * Start from {@link #everything()} and narrow it.
 *
 * @param from  inclusive
 * @param to    exclusive
 * @param limit at most this many entries, newest last
 */
public record AuditFilter(Instant from, Instant to, Optional<String> actor, Optional<String> target, int limit) {

    public static AuditFilter everything() {
        return new AuditFilter(
                Instant.EPOCH,
                Instant.parse("9999-12-31T00:00:00Z"),
                Optional.empty(),
                Optional.empty(),
                Integer.MAX_VALUE);
    }

    public AuditFilter between(Instant newFrom, Instant newTo) {
        return new AuditFilter(newFrom, newTo, actor, target, limit);
    }

    public AuditFilter byActor(String who) {
        return new AuditFilter(from, to, Optional.of(who), target, limit);
    }

    public AuditFilter onTarget(String what) {
        return new AuditFilter(from, to, actor, Optional.of(what), limit);
    }

    public AuditFilter limit(int most) {
        return new AuditFilter(from, to, actor, target, most);
    }
}

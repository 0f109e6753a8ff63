package io.headroom.views.operations;

import java.time.Instant;

/** One audit entry: who did what to which node, why, when, and what came of it. */
public record AuditRow(
        long seq, Instant at, String actor, String action, String target, String reason, String result) {}

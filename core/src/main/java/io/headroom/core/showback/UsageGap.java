package io.headroom.core.showback;

/** Time a node (or, through a relay, a whole upstream agent) could not account for: unknown, not idle. */
public record UsageGap(String who, long fromMs, long toMs, String reason) {}

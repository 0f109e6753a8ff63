package io.headroom.core.showback;

/** One group's hours in one period; {@code key} empty for "nobody" (free GPUs in owner groupings). */
public record ShowbackLine(long periodStartMs, String key, ShowbackHours hours) {}

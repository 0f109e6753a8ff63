package io.headroom.core.showback;

/**
 * One UTC day of the whole answer: held and free idle over the hours whose state is known
 * (NaN when none is), and the share of the day's hours nobody could account for.
 */
public record DayIdleShare(long dayStartMs, double heldIdleShare, double freeIdleShare, double unaccountedShare) {}

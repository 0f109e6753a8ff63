package io.headroom.core.fleet;

/**
 * The integer readings of a GPU, which cannot be NaN when a source cannot measure them (ECC on
 * a card without ECC, row remapping under MIG, throttle reasons and XIDs on AMD): each has a
 * bit in a sample's "unmeasured" mask instead, the same bits as the protocol's IntegerReading.
 */
public enum IntegerReading {
    THROTTLE_REASONS,
    LAST_XID,
    ECC_UNCORRECTABLE,
    REMAPPED_ROW_FAILURES;

    /** Every bit: what a sample nobody has measured anything for says. */
    public static final int ALL = (1 << values().length) - 1;

    // bit per reading packed into one int mask per sample on the ingest path
    @SuppressWarnings("EnumOrdinal")
    public int bit() {
        return 1 << ordinal();
    }
}

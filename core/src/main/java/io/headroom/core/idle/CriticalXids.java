package io.headroom.core.idle;

/**
 * XIDs that mean the hardware, not the application, is in trouble: the GPU needs a reset
 * or a technician. 48 double-bit ECC, 63/64 row remapping, 74 NVLink, 79 fallen off the
 * bus, 92 high single-bit ECC rate, 94/95 contained/uncontained ECC. Application XIDs
 * (13, 31, 43, ...) do not make a GPU faulted.
 */
public final class CriticalXids {
    private CriticalXids() {}

    public static boolean isCritical(int xid) {
        return switch (xid) {
            case 48, 63, 64, 74, 79, 92, 94, 95 -> true;
            default -> false;
        };
    }
}

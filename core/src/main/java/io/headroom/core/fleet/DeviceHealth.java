package io.headroom.core.fleet;

/**
 * A device's own verdict on its health, for the accelerators whose tool gives one: npu-smi's
 * Health column (OK, Warning, Alarm, Critical) on Ascend. Sources that give none (nvidia-smi,
 * rocm-smi: their faults arrive as XIDs and ECC counts) leave it {@link #UNKNOWN}.
 */
public enum DeviceHealth {
    /** The source gives no verdict; never read as healthy or sick. */
    UNKNOWN,
    OK,
    /** Ascend "Warning": a minor fault; the chip still works. */
    WARNING,
    /** Ascend "Alarm" (major): work on the chip is at risk. */
    ALARM,
    /** Ascend "Critical": the chip is out of service. */
    CRITICAL;

    private static final DeviceHealth[] VALUES = values();

    /** The health whose ordinal this is, {@link #UNKNOWN} for anything else (a newer sender's value). */
    public static DeviceHealth ofOrdinal(int ordinal) {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : UNKNOWN;
    }

    /** Whether the device itself says it is in trouble. */
    public boolean troubled() {
        return this == WARNING || this == ALARM || this == CRITICAL;
    }
}

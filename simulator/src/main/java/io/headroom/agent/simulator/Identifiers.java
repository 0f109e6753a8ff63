package io.headroom.agent.simulator;

/** UUIDs and serial numbers in the formats NVIDIA's driver and server vendors print them. */
final class Identifiers {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Identifiers() {}

    /** "GPU-1a2b3c4d-..." as nvidia-smi prints {@code uuid}. */
    static String gpuUuid(long identitySeed, int gpu) {
        return uuid(
                "GPU-", SimHash.hash(identitySeed, 0x6770_7575L, gpu), SimHash.hash(identitySeed, 0x6770_7576L, gpu));
    }

    /**
     * A domestic accelerator's identity in the same form, its prefix naming the kind ("NPU-",
     * "DCU-", "MLU-", "XPU-"): their tools print serials or bus ids rather than UUIDs.
     */
    static String deviceUuid(String prefix, long identitySeed, int gpu) {
        return uuid(
                prefix, SimHash.hash(identitySeed, 0x6770_7575L, gpu), SimHash.hash(identitySeed, 0x6770_7576L, gpu));
    }

    /** A vNPU's identity, "vNPU-..." in the same form. */
    static String vnpuUuid(long identitySeed, int gpu, int vnpuId) {
        return uuid(
                "vNPU-",
                SimHash.hash(identitySeed, 0x766e_7001L, gpu, vnpuId),
                SimHash.hash(identitySeed, 0x766e_7002L, gpu, vnpuId));
    }

    /** "MIG-..." as drivers since R470 print a MIG device's UUID. */
    static String migUuid(long identitySeed, int gpu, int gpuInstanceId) {
        return uuid(
                "MIG-",
                SimHash.hash(identitySeed, 0x6d69_6701L, gpu, gpuInstanceId),
                SimHash.hash(identitySeed, 0x6d69_6702L, gpu, gpuInstanceId));
    }

    /** A server vendor's chassis serial, e.g. "S7A2QK41093". */
    static String nodeSerial(long identitySeed, int node) {
        long h = SimHash.hash(identitySeed, 0x7365_7269L, node);
        StringBuilder serial = new StringBuilder(11).append('S');
        for (int i = 0; i < 10; i++) {
            int digit = (int) Long.remainderUnsigned(h, 36);
            h = Long.divideUnsigned(h, 36);
            serial.append(Character.toUpperCase(Character.forDigit(digit, 36)));
        }
        return serial.toString();
    }

    private static String uuid(String prefix, long high, long low) {
        StringBuilder text = new StringBuilder(prefix.length() + 36).append(prefix);
        appendHex(text, high >>> 32, 8).append('-');
        appendHex(text, high >>> 16, 4).append('-');
        // Version 4 and the RFC 4122 variant, as real UUIDs carry them.
        appendHex(text, (high & 0x0FFF) | 0x4000, 4).append('-');
        appendHex(text, ((low >>> 48) & 0x3FFF) | 0x8000, 4).append('-');
        return appendHex(text, low, 12).toString();
    }

    private static StringBuilder appendHex(StringBuilder text, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            text.append(HEX[(int) (value >>> shift) & 0xF]);
        }
        return text;
    }
}

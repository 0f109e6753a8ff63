package io.headroom.bench.loadgen;

/**
 * A millisecond time as a protobuf varint of exactly {@value #LENGTH} bytes, written over the
 * one a batch was encoded with. Every epoch-millisecond time from 1971 to 2109 is a 6-byte
 * varint, so a sample time can be replaced in the serialized batch without moving a byte.
 */
final class MillisVarint {

    static final int LENGTH = 6;

    /** Smallest and largest values whose varint is exactly {@value #LENGTH} bytes. */
    static final long MIN = 1L << (7 * (LENGTH - 1));

    static final long MAX = (1L << (7 * LENGTH)) - 1;

    private MillisVarint() {}

    static boolean fits(long millis) {
        return millis >= MIN && millis <= MAX;
    }

    /** Writes {@code millis} at {@code offset}; it must {@link #fits fit}. */
    static void write(byte[] bytes, int offset, long millis) {
        if (!fits(millis)) {
            throw new IllegalArgumentException("time " + millis + " ms is not a " + LENGTH + "-byte varint");
        }
        long rest = millis;
        for (int i = 0; i < LENGTH - 1; i++) {
            bytes[offset + i] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[offset + LENGTH - 1] = (byte) rest;
    }
}

package io.headroom.agent.exporter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for Prometheus exposition text, which is ASCII here: metric names,
 * precomputed label bytes and numbers written digit by digit. One per serving thread, reused
 * for every scrape, so a scrape allocates nothing but the odd fractional number's digits.
 */
final class ExpositionBuffer {

    private byte[] bytes;
    private int length;

    ExpositionBuffer(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    ExpositionBuffer append(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
        return this;
    }

    ExpositionBuffer append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Only for ASCII text (names, fixed words); label values go in as precomputed bytes. */
    ExpositionBuffer append(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    ExpositionBuffer append(long value) {
        if (value == Long.MIN_VALUE) {
            return append(Long.toString(value));
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * A float as its shortest decimal that reads back as the same float: whole numbers (most
     * readings: percentages, MiB, degrees, MHz) digit by digit, the rest through
     * {@link Float#toString}. Not for NaN: unavailable values are left out, not written.
     */
    ExpositionBuffer append(float value) {
        if (value == (long) value && Math.abs(value) < 1e15f) {
            return append((long) value);
        }
        return append(Float.toString(value));
    }

    /** Epoch milliseconds as seconds with three decimals, as Prometheus's timestamp gauges are. */
    ExpositionBuffer appendSeconds(long epochMillis) {
        append(Math.floorDiv(epochMillis, 1000)).append('.');
        long millis = Math.floorMod(epochMillis, 1000);
        ensure(3);
        bytes[length++] = (byte) ('0' + millis / 100);
        bytes[length++] = (byte) ('0' + millis / 10 % 10);
        bytes[length++] = (byte) ('0' + millis % 10);
        return this;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

package io.headroom.agent.history.keeper;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The history file format: an 8-byte header, then records of [length][CRC-32C][payload], each
 * one accelerator's period. A record cut short at the end of the file is what a kill during a
 * write leaves (the tail is dropped); a record that fails its checksum with more after it, a
 * bad header or a length no record has means the file was damaged (it is set aside whole).
 */
final class HistoryFile {

    static final byte[] HEADER = "HRHIST1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_RECORD = 64 * 1024;
    private static final int MAX_OWNERS = 255;

    private HistoryFile() {}

    /** What reading a file's bytes found. */
    record Scan(List<KeptRecord> records, long validLength, String damage) {
        boolean tornTail(long fileLength) {
            return damage == null && validLength < fileLength;
        }
    }

    static byte[] encode(KeptRecord record) {
        try {
            var bytes = new ByteArrayOutputStream(160);
            var out = new DataOutputStream(bytes);
            out.writeLong(record.periodStartMs());
            text(out, record.slot().uuid());
            text(out, record.slot().parentUuid());
            text(out, record.slot().hostname());
            out.writeFloat(record.slot().peakTflops());
            Tally t = record.tally();
            for (long ms : t.stateMs) {
                out.writeInt((int) Math.min(ms, 0xFFFF_FFFFL));
            }
            out.writeDouble(t.utilSum);
            out.writeLong(t.utilMs);
            out.writeDouble(t.powerSum);
            out.writeLong(t.powerMs);
            out.writeDouble(t.energyKnown ? t.energyWh : Double.NaN);
            out.writeFloat(t.maxTempC);
            int owners = Math.min(MAX_OWNERS, t.owners.size());
            out.writeByte(owners);
            var it = t.owners.entrySet().iterator();
            for (int i = 0; i < owners; i++) {
                var e = it.next();
                text(out, e.getKey().user());
                text(out, e.getKey().account());
                text(out, e.getKey().tenant());
                for (long ms : e.getValue()) {
                    out.writeInt((int) Math.min(ms, 0xFFFF_FFFFL));
                }
            }
            byte[] payload = bytes.toByteArray();
            var crc = new CRC32C();
            crc.update(payload);
            ByteBuffer framed = ByteBuffer.allocate(8 + payload.length);
            framed.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
            return framed.array();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(255, b.length);
        out.writeByte(n);
        out.write(b, 0, n);
    }

    /** Reads every record of a file's bytes, stopping at a torn tail or at damage. */
    static Scan scan(byte[] file) {
        List<KeptRecord> records = new ArrayList<>();
        if (file.length < HEADER.length) {
            boolean prefix = Arrays.equals(file, 0, file.length, HEADER, 0, file.length);
            return new Scan(records, 0, prefix ? null : "the file does not start as a history file");
        }
        if (!Arrays.equals(file, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            return new Scan(records, 0, "the file does not start as a history file");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        int pos = HEADER.length;
        while (pos < file.length) {
            if (file.length - pos < 8) {
                return new Scan(records, pos, null);
            }
            int length = in.getInt(pos);
            int crc = in.getInt(pos + 4);
            if (length <= 0 || length > MAX_RECORD) {
                return new Scan(records, pos, "a record at byte " + pos + " claims " + length + " bytes");
            }
            if (pos + 8L + length > file.length) {
                return new Scan(records, pos, null);
            }
            var check = new CRC32C();
            check.update(file, pos + 8, length);
            boolean last = pos + 8 + length == file.length;
            if ((int) check.getValue() != crc) {
                // A last record that fails its checksum is a write the kill cut short.
                return last
                        ? new Scan(records, pos, null)
                        : new Scan(records, pos, "the record at byte " + pos + " fails its checksum");
            }
            try {
                records.add(decode(ByteBuffer.wrap(file, pos + 8, length).slice()));
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                return new Scan(records, pos, "the record at byte " + pos + " cannot be read");
            }
            pos += 8 + length;
        }
        return new Scan(records, pos, null);
    }

    private static KeptRecord decode(ByteBuffer in) {
        long period = in.getLong();
        var slot = new KeptRecord.Slot(text(in), text(in), text(in), in.getFloat());
        Tally t = new Tally();
        for (int i = 0; i < Tally.STATES; i++) {
            t.stateMs[i] = Integer.toUnsignedLong(in.getInt());
        }
        t.utilSum = in.getDouble();
        t.utilMs = in.getLong();
        t.powerSum = in.getDouble();
        t.powerMs = in.getLong();
        double energy = in.getDouble();
        t.energyKnown = !Double.isNaN(energy);
        t.energyWh = t.energyKnown ? energy : 0;
        t.maxTempC = in.getFloat();
        int owners = Byte.toUnsignedInt(in.get());
        for (int i = 0; i < owners; i++) {
            var owner = new Owner(text(in), text(in), text(in));
            long[] ms = new long[Tally.STATES];
            for (int s = 0; s < Tally.STATES; s++) {
                ms[s] = Integer.toUnsignedLong(in.getInt());
            }
            t.owners.put(owner, ms);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes");
        }
        return new KeptRecord(period, slot, t);
    }

    private static String text(ByteBuffer in) {
        int n = Byte.toUnsignedInt(in.get());
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}

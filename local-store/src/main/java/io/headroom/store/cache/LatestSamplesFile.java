package io.headroom.store.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The latest samples live in their own file next to the database, replaced whole on every
 * save (write a temporary file, fsync, rename over the old one, fsync the directory), so a
 * kill at any moment leaves either the previous save or this one, never a mix.
 *
 * <p>Why not a table: rewriting 7 MB of samples every few seconds made H2's MVStore file
 * grow by about 20 MB per save (it keeps the old values in its undo log and in chunks it
 * reclaims only slowly); see docs/benchmarks/local-store.md. The inventory these numbers refer to stays in H2.
 */
final class LatestSamplesFile {

    static final String FILE_NAME = "latest-samples.bin";
    private static final int MAGIC = 0x48524C53; // "HRLS"
    private static final int FORMAT = 1;
    private static final int HEADER_BYTES = 4 + 4 + 16 + 8 + 8 + 4 + 4 + 4;

    /** A save read back: its number, when it was made, and the samples. */
    record Saved(long batchNo, long savedAtMillis, LatestSamples samples) {}

    private LatestSamplesFile() {}

    static void write(Path directory, UUID storeId, long batchNo, long savedAtMillis, LatestSamples samples)
            throws IOException {
        byte[] a = samples.acceleratorBytes();
        byte[] n = samples.nodeBytes();
        byte[] r = samples.rackBytes();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES)
                .putInt(MAGIC)
                .putInt(FORMAT)
                .putLong(storeId.getMostSignificantBits())
                .putLong(storeId.getLeastSignificantBits())
                .putLong(batchNo)
                .putLong(savedAtMillis)
                .putInt(a.length)
                .putInt(n.length)
                .putInt(r.length)
                .flip();
        CRC32 crc = new CRC32();
        crc.update(header.duplicate());
        crc.update(a);
        crc.update(n);
        crc.update(r);
        ByteBuffer trailer = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();

        Path target = directory.resolve(FILE_NAME);
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer[] parts = {header, ByteBuffer.wrap(a), ByteBuffer.wrap(n), ByteBuffer.wrap(r), trailer};
            long remaining = HEADER_BYTES + a.length + n.length + r.length + 8L;
            while (remaining > 0) {
                remaining -= out.write(parts);
            }
            out.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename itself must reach the disk, or a power cut could bring back the old file.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * The last save, if there is one that belongs to this store and is intact. A file from
     * another store (the database was moved aside) or a damaged one is ignored.
     */
    static Optional<Saved> read(Path directory, UUID storeId) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length < HEADER_BYTES + 8) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC || in.getInt() != FORMAT || !new UUID(in.getLong(), in.getLong()).equals(storeId)) {
            return Optional.empty();
        }
        long batchNo = in.getLong();
        long savedAt = in.getLong();
        int a = in.getInt();
        int n = in.getInt();
        int r = in.getInt();
        if (a < 0 || n < 0 || r < 0 || (long) HEADER_BYTES + a + n + r + 8 != bytes.length) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
            return Optional.empty();
        }
        byte[] accelerators = new byte[a];
        byte[] nodes = new byte[n];
        byte[] racks = new byte[r];
        in.get(accelerators).get(nodes).get(racks);
        return Optional.of(new Saved(batchNo, savedAt, new LatestSamples(accelerators, nodes, racks)));
    }
}

package io.headroom.bench.loadgen;

import io.headroom.protocol.v1.Inventory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording on disk, so that a replayer starts in seconds rather than simulating a million
 * GPUs again: per agent its name, inventory and batches as serialized bytes. The time offsets
 * are found again when it is read ({@link TimeOffsets}), so the file holds only protobuf bytes
 * and their lengths.
 */
final class RecordingFile {

    private static final int MAGIC = 0x48524550; // "HREP"
    private static final int FORMAT = 1;

    private RecordingFile() {}

    static void write(Path file, List<RecordedAgent> agents) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(agents.size());
            for (RecordedAgent agent : agents) {
                out.writeUTF(agent.name());
                byte[] inventory = agent.inventory().toByteArray();
                out.writeInt(inventory.length);
                out.write(inventory);
                out.writeInt(agent.rounds());
                out.writeInt(agent.batches().size());
                for (RecordedBatch batch : agent.batches()) {
                    out.writeInt(batch.payload().length);
                    out.write(batch.payload());
                }
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static List<RecordedAgent> read(Path file) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a replay recording (written by headroom-bench replay --save)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + " is a recording of format " + format + "; this replayer reads " + FORMAT);
            }
            int agentCount = in.readInt();
            List<RecordedAgent> agents = new ArrayList<>();
            for (int a = 0; a < agentCount; a++) {
                String name = in.readUTF();
                var inventory = Inventory.parseFrom(in.readNBytes(in.readInt()));
                int rounds = in.readInt();
                int count = in.readInt();
                List<RecordedBatch> batches = new ArrayList<>(count);
                for (int b = 0; b < count; b++) {
                    int length = in.readInt();
                    byte[] payload = in.readNBytes(length);
                    if (payload.length != length) {
                        throw new EOFException(file + " ends inside batch " + b + " of " + name);
                    }
                    batches.add(TimeOffsets.scan(payload));
                }
                agents.add(new RecordedAgent(name, inventory, rounds, batches));
            }
            return agents;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}

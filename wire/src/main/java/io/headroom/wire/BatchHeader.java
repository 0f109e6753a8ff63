package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import io.headroom.protocol.v1.WorkloadChanges;
import java.io.IOException;

/**
 * A telemetry batch's own fields, read from its bytes without its samples: enough to check
 * the stream's sequence, follow the inventory and the workloads, and forward the batch. The
 * nodes and racks are skipped over by length; the workload changes, rare and small, are parsed
 * as a message when present.
 *
 * @param workloadChanges null when the batch carries none
 * @param relayHops       the relays the batch came through; {@link RelayHops#NONE} from an agent
 */
public record BatchHeader(
        String epoch,
        long sequence,
        long serverTimeMs,
        long inventoryVersion,
        long missedBatches,
        long coalescedSamples,
        boolean snapshot,
        long workloadVersion,
        WorkloadChanges workloadChanges,
        RelayHops relayHops) {

    public boolean hasWorkloadChanges() {
        return workloadChanges != null;
    }

    /**
     * Reads the header fields of one serialized {@code TelemetryBatch}.
     *
     * @throws MalformedTelemetryException when the bytes are not a batch, saying where they break
     */
    public static BatchHeader read(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String epoch = "";
        long sequence = 0;
        long serverTime = 0;
        long inventoryVersion = 0;
        long missed = 0;
        long coalesced = 0;
        boolean snapshot = false;
        long workloadVersion = 0;
        WorkloadChanges changes = null;
        var hops = new RelayHops.Reading();
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case BatchFields.EPOCH -> epoch = in.readStringRequireUtf8();
                    case BatchFields.SEQUENCE -> sequence = in.readUInt64();
                    case BatchFields.SERVER_TIME -> serverTime = in.readInt64();
                    case BatchFields.INVENTORY_VERSION -> inventoryVersion = in.readUInt64();
                    case BatchFields.MISSED_BATCHES -> missed = in.readUInt64();
                    case BatchFields.COALESCED_SAMPLES -> coalesced = in.readUInt64();
                    case BatchFields.SNAPSHOT -> snapshot = in.readBool();
                    case BatchFields.WORKLOAD_VERSION -> workloadVersion = in.readUInt64();
                    case BatchFields.WORKLOAD_CHANGES -> {
                        // A message field seen twice merges, as protobuf's own parser does.
                        var parsed = WorkloadChanges.parseFrom(in.readBytes());
                        changes = changes == null
                                ? parsed
                                : changes.toBuilder().mergeFrom(parsed).build();
                    }
                    case BatchFields.RELAY_HOPS -> hops.read(in);
                    default -> BatchFields.skip(in, tag);
                }
            }
        } catch (IOException e) {
            throw BatchFields.malformed(e, in, bytes.length);
        }
        return new BatchHeader(
                epoch,
                sequence,
                serverTime,
                inventoryVersion,
                missed,
                coalesced,
                snapshot,
                workloadVersion,
                changes,
                hops.done());
    }
}

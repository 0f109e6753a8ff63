package io.headroom.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;

/**
 * The tags (field number and wire type) of {@code TelemetryBatch} and the messages inside it,
 * as the byte-level readers and the relay's rewrite see them. A field that arrives with another
 * wire type than its declared one is an unknown field to protobuf's own parser, and skipped
 * here too: the readers switch on the whole tag, never on the field number alone.
 */
final class BatchFields {

    private BatchFields() {}

    private static final int VARINT = 0;
    private static final int FIXED32 = 5;
    private static final int DELIMITED = 2;

    // TelemetryBatch
    static final int EPOCH = 1 << 3 | DELIMITED;
    static final int SEQUENCE = 2 << 3 | VARINT;
    static final int SERVER_TIME = 3 << 3 | VARINT;
    static final int INVENTORY_VERSION = 4 << 3 | VARINT;
    static final int NODES = 5 << 3 | DELIMITED;
    static final int RACKS = 6 << 3 | DELIMITED;
    static final int MISSED_BATCHES = 7 << 3 | VARINT;
    static final int COALESCED_SAMPLES = 8 << 3 | VARINT;
    static final int SNAPSHOT = 9 << 3 | VARINT;
    static final int WORKLOAD_VERSION = 10 << 3 | VARINT;
    static final int WORKLOAD_CHANGES = 11 << 3 | DELIMITED;
    static final int RELAY_HOPS = 12 << 3 | DELIMITED;

    // RelayHop
    static final int HOP_RECEIVED = 1 << 3 | VARINT;
    static final int HOP_FORWARDED = 2 << 3 | VARINT;

    // NodeSample
    static final int NODE_HOSTNAME = 1 << 3 | DELIMITED;
    static final int NODE_TIME = 2 << 3 | VARINT;
    static final int NODE_STATE = 3 << 3 | VARINT;
    static final int NODE_GENERATION = 4 << 3 | VARINT;
    static final int NODE_ACCELERATORS = 5 << 3 | DELIMITED;

    // AcceleratorSample
    static final int GPU_INDEX = 1 << 3 | VARINT;
    static final int GPU_INSTANCE = 2 << 3 | VARINT;
    static final int UTILIZATION = 3 << 3 | FIXED32;
    static final int SM_ACTIVE = 4 << 3 | FIXED32;
    static final int MEMORY_USED = 5 << 3 | FIXED32;
    static final int POWER = 6 << 3 | FIXED32;
    static final int POWER_LIMIT = 7 << 3 | FIXED32;
    static final int GPU_TEMP = 8 << 3 | FIXED32;
    static final int MEMORY_TEMP = 9 << 3 | FIXED32;
    static final int SM_CLOCK = 10 << 3 | FIXED32;
    static final int THROTTLE = 11 << 3 | VARINT;
    static final int LAST_XID = 12 << 3 | VARINT;
    static final int ECC = 13 << 3 | VARINT;
    static final int REMAPPED_ROWS = 14 << 3 | VARINT;
    static final int ALLOCATED = 15 << 3 | VARINT;
    static final int MISSING = 16 << 3 | VARINT;
    static final int IDLE_SINCE = 17 << 3 | VARINT;
    static final int UNMEASURED = 18 << 3 | VARINT;
    static final int HEALTH = 19 << 3 | VARINT;

    // RackSample
    static final int RACK_ID = 1 << 3 | DELIMITED;
    static final int RACK_TIME = 2 << 3 | VARINT;
    static final int RACK_INLET = 3 << 3 | FIXED32;
    static final int RACK_OUTLET = 4 << 3 | FIXED32;
    static final int RACK_POWER = 5 << 3 | FIXED32;
    static final int RACK_FANS = 6 << 3 | VARINT;
    static final int RACK_FANS_FAILED = 7 << 3 | VARINT;

    /** Skips a field this reader does not take; an end-group tag with no group open breaks the message, as in protobuf. */
    static void skip(CodedInputStream in, int tag) throws IOException {
        if (!in.skipField(tag)) {
            throw new InvalidProtocolBufferException("an end-group tag (field " + (tag >>> 3) + ") outside any group");
        }
    }

    static MalformedTelemetryException malformed(IOException e, CodedInputStream in, int length) {
        return new MalformedTelemetryException("the agent sent a telemetry batch that is not valid protobuf ("
                + e.getMessage() + ", near byte " + in.getTotalBytesRead() + " of " + length + ")");
    }
}

package io.headroom.agent.exporter;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import java.nio.charset.StandardCharsets;

/**
 * Writes some nodes of the simulated fleet as dcgm-exporter writes one node: the text
 * exposition format, family by family, each with its HELP and TYPE lines, one row per GPU (or
 * per MIG instance), values as the telemetry table holds them. Unavailable values (NaN) are
 * left out; a GPU fallen off the bus keeps only its last XID.
 *
 * <p>After the DCGM families comes one row per node that no dcgm-exporter writes:
 * {@code headroom_sim_sample_timestamp_seconds{Hostname="…"}}, the simulator's time of the
 * sample the node's rows carry. A consumer's freshness is its clock minus that time, the
 * same definition as for the gRPC stream's sample times.
 */
final class DcgmExposition {

    static final String SAMPLE_TIME = "headroom_sim_sample_timestamp_seconds";

    private static final ExportedField[] FIELDS = ExportedField.values();
    private static final byte[] SAMPLE_TIME_NAME = SAMPLE_TIME.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SAMPLE_TIME_HEADER = ("# HELP " + SAMPLE_TIME
                    + " When the simulator sampled the values "
                    + "this node's rows carry (Unix time). Not a dcgm-exporter metric: it lets consumers measure freshness.\n"
                    + "# TYPE " + SAMPLE_TIME + " gauge\n")
            .getBytes(StandardCharsets.US_ASCII);

    private DcgmExposition() {}

    /**
     * Writes {@code nodes} (indexes into the table's layout) to {@code out}. Call while no tick
     * writes the table, or rows of one node may mix two ticks. Nodes never sampled yet are
     * left out.
     */
    static void write(FleetTelemetry table, ExporterLabels labels, int[] nodes, ExpositionBuffer out) {
        FleetLayout layout = table.layout();
        for (ExportedField field : FIELDS) {
            out.append(field.header());
            for (int n : nodes) {
                if (table.nodeSampleTime(n) == 0) {
                    continue;
                }
                for (int gpu = layout.firstGpuSlot(n); gpu < layout.endGpuSlot(n); gpu++) {
                    if (table.missing(gpu) && !field.readWhenMissing()) {
                        continue;
                    }
                    int firstSlice = layout.firstSliceSlot(gpu);
                    int endSlice = layout.endSliceSlot(gpu);
                    if (firstSlice == endSlice) {
                        row(field, table, gpu, gpu, labels, out);
                    }
                    for (int slice = firstSlice; slice < endSlice; slice++) {
                        row(field, table, gpu, slice, labels, out);
                    }
                }
            }
        }
        out.append(SAMPLE_TIME_HEADER);
        for (int n : nodes) {
            long sampled = table.nodeSampleTime(n);
            if (sampled != 0) {
                out.append(SAMPLE_TIME_NAME)
                        .append(labels.node(n))
                        .appendSeconds(sampled)
                        .append('\n');
            }
        }
    }

    private static void row(
            ExportedField field, FleetTelemetry table, int gpu, int row, ExporterLabels labels, ExpositionBuffer out) {
        float value = field.value(table, gpu, row);
        if (!Float.isNaN(value)) {
            out.append(field.metric()).append(labels.row(row)).append(value).append('\n');
        }
    }
}

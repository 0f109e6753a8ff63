package io.headroom.agent.source.nvidia;

import io.headroom.core.fleet.SampleBuffer;

import static io.headroom.agent.source.nvidia.QueryFields.*;

/**
 * One line of {@code nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits}: one GPU at
 * one moment. Units are tolerated as well (a capture taken with {@code --format=csv} parses
 * the same), so are the several spellings of "not available".
 */
record SampleLine(int index, String uuid) {

    /** A line that is not a sample, with the reason. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Parses {@code line} and fills {@code sample} (time excepted). */
    static SampleLine parse(QueryFields fields, String line, SampleBuffer sample) throws Malformed {
        String[] values = line.split(",", -1);
        if (values.length != fields.names().size()) {
            throw new Malformed("expected " + fields.names().size() + " comma-separated values ("
                    + fields.joined() + "), found " + values.length);
        }
        String field = INDEX;
        try {
            int index = (int) NvidiaValues.number(values[fields.indexOf(INDEX)]);
            String uuid = values[fields.indexOf(UUID)].strip();
            if (!uuid.startsWith("GPU-")) {
                throw new Malformed("uuid '" + uuid + "' is not a GPU UUID");
            }
            sample.utilizationPct = NvidiaValues.number(values[fields.indexOf(field = UTILIZATION)]);
            sample.memoryUsedMib = NvidiaValues.number(values[fields.indexOf(field = MEMORY_USED)]);
            sample.powerW = NvidiaValues.number(values[fields.indexOf(field = POWER_DRAW)]);
            sample.powerLimitW = NvidiaValues.number(values[fields.indexOf(field = POWER_LIMIT)]);
            sample.gpuTempC = NvidiaValues.number(values[fields.indexOf(field = GPU_TEMP)]);
            sample.smClockMhz = NvidiaValues.number(values[fields.indexOf(field = SM_CLOCK)]);
            sample.memoryTempC = optionalNumber(fields, values, field = MEMORY_TEMP);
            int reasons = Math.max(fields.indexOf(EVENT_REASONS), fields.indexOf(THROTTLE_REASONS));
            field = "clocks_event_reasons.active";
            sample.throttleReasons = reasons < 0 ? 0 : NvidiaValues.bitmask(values[reasons]);
            // Uncorrectable ECC since the driver loaded; on pre-Ampere parts a retired page is the same verdict.
            sample.eccUncorrectable = optionalCount(fields, values, field = ECC_UNCORRECTED)
                    + optionalCount(fields, values, field = RETIRED_DOUBLE_BIT);
            int remap = fields.indexOf(field = REMAP_FAILURE);
            sample.remappedRowFailures = remap < 0 ? 0 : NvidiaValues.flag(values[remap]);
            if (Float.isNaN(sample.utilizationPct) && Float.isNaN(sample.powerW) && Float.isNaN(sample.gpuTempC)) {
                // What a GPU that fell off the bus looks like: every value unknown.
                sample.missing = true;
            }
            return new SampleLine(index, uuid);
        } catch (NvidiaValues.NotAValue e) {
            throw new Malformed(field + ": " + e.getMessage());
        }
    }

    private static float optionalNumber(QueryFields fields, String[] values, String name) throws NvidiaValues.NotAValue {
        int i = fields.indexOf(name);
        return i < 0 ? Float.NaN : NvidiaValues.number(values[i]);
    }

    private static int optionalCount(QueryFields fields, String[] values, String name) throws NvidiaValues.NotAValue {
        int i = fields.indexOf(name);
        return i < 0 ? 0 : NvidiaValues.count(values[i]);
    }
}

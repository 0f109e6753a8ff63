package io.headroom.agent.source.nvidia;

import static io.headroom.agent.source.nvidia.QueryFields.*;

import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.SampleBuffer;

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
            throw new Malformed("expected " + fields.names().size() + " comma-separated values (" + fields.joined()
                    + "), found " + values.length);
        }
        String field = INDEX;
        try {
            int index = (int) NvidiaValues.number(values[fields.indexOf(INDEX)]);
            String uuid = values[fields.indexOf(UUID)].strip();
            if (!uuid.startsWith("GPU-")) {
                throw new Malformed("uuid '" + uuid + "' is not a GPU UUID");
            }
            field = UTILIZATION;
            sample.utilizationPct = NvidiaValues.number(values[fields.indexOf(field)]);
            field = MEMORY_USED;
            sample.memoryUsedMib = NvidiaValues.number(values[fields.indexOf(field)]);
            field = POWER_DRAW;
            sample.powerW = NvidiaValues.number(values[fields.indexOf(field)]);
            field = POWER_LIMIT;
            sample.powerLimitW = NvidiaValues.number(values[fields.indexOf(field)]);
            field = GPU_TEMP;
            sample.gpuTempC = NvidiaValues.number(values[fields.indexOf(field)]);
            field = SM_CLOCK;
            sample.smClockMhz = NvidiaValues.number(values[fields.indexOf(field)]);
            field = MEMORY_TEMP;
            sample.memoryTempC = optionalNumber(fields, values, field);
            // "[N/A]" or a field this driver lacks leaves an integer reading unmeasured, never 0.
            int reasons = Math.max(fields.indexOf(EVENT_REASONS), fields.indexOf(THROTTLE_REASONS));
            field = "clocks_event_reasons.active";
            if (reasons >= 0 && !NvidiaValues.unavailable(values[reasons])) {
                sample.measured(IntegerReading.THROTTLE_REASONS, NvidiaValues.bitmask(values[reasons]));
            }
            // Uncorrectable ECC since the driver loaded; on pre-Ampere parts a retired page is the
            // same verdict. The two are alternatives (retired pages are [N/A] on Ampere and later,
            // the volatile count [N/A] without ECC): measured when either is.
            field = ECC_UNCORRECTED;
            float ecc = optionalNumber(fields, values, field);
            field = RETIRED_DOUBLE_BIT;
            float retired = optionalNumber(fields, values, field);
            if (!Float.isNaN(ecc) || !Float.isNaN(retired)) {
                sample.measured(
                        IntegerReading.ECC_UNCORRECTABLE,
                        (Float.isNaN(ecc) ? 0 : (int) ecc) + (Float.isNaN(retired) ? 0 : (int) retired));
            }
            field = REMAP_FAILURE;
            int remap = fields.indexOf(field);
            if (remap >= 0 && !NvidiaValues.unavailable(values[remap])) {
                sample.measured(IntegerReading.REMAPPED_ROW_FAILURES, NvidiaValues.flag(values[remap]));
            }
            if (Float.isNaN(sample.utilizationPct) && Float.isNaN(sample.powerW) && Float.isNaN(sample.gpuTempC)) {
                // What a GPU that fell off the bus looks like: every value unknown.
                sample.missing = true;
            }
            return new SampleLine(index, uuid);
        } catch (NvidiaValues.NotAValue e) {
            throw new Malformed(field + ": " + e.getMessage());
        }
    }

    private static float optionalNumber(QueryFields fields, String[] values, String name)
            throws NvidiaValues.NotAValue {
        int i = fields.indexOf(name);
        return i < 0 ? Float.NaN : NvidiaValues.number(values[i]);
    }
}

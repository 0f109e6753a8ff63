package io.headroom.client.promql;

import java.util.Map;

/**
 * One series of a {@code query_range} answer.
 *
 * @param labels       its labels, the metric name under {@code __name__} when the answer kept it
 * @param timesMillis the evaluation times, milliseconds since the epoch, ascending
 * @param values       the value at each time; NaN where the endpoint answered "NaN"
 */
// Flat arrays for a series of thousands of points; equality of two answers is never asked.
@SuppressWarnings("ArrayRecordComponent")
public record RangeSeries(Map<String, String> labels, long[] timesMillis, double[] values) {

    public RangeSeries {
        labels = Map.copyOf(labels);
        if (timesMillis.length != values.length) {
            throw new IllegalArgumentException(timesMillis.length + " times but " + values.length + " values");
        }
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    public int size() {
        return values.length;
    }
}

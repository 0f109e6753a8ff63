package io.headroom.client.promql;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus HTTP API's answer as it streams in, without building a tree: {@code {"status":"success",
 * "data":{"resultType":"matrix","result":[{"metric":{...},"values":[[t,"v"],...]}]}}}, or {@code {"status":"error",
 * "errorType":..., "error":...}}. VictoriaMetrics answers the same.
 */
final class RangeDecoder {

    /** What the endpoint said, before it is checked. */
    record Answer(String status, String errorType, String error, String resultType, List<RangeSeries> result) {}

    /** The answer is not the API's JSON; the message says where it stopped making sense. */
    static final class NotTheApi extends IOException {
        private static final long serialVersionUID = 1L;

        NotTheApi(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RangeDecoder() {}

    static Answer decode(InputStream body) throws IOException {
        try (JsonReader json = new JsonReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String status = null;
            String errorType = null;
            String error = null;
            String resultType = null;
            List<RangeSeries> result = null;
            json.beginObject();
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "status" -> status = json.nextString();
                    case "errorType" -> errorType = json.nextString();
                    case "error" -> error = json.nextString();
                    case "data" -> {
                        json.beginObject();
                        while (json.hasNext()) {
                            switch (json.nextName()) {
                                case "resultType" -> resultType = json.nextString();
                                case "result" -> result = series(json);
                                default -> json.skipValue();
                            }
                        }
                        json.endObject();
                    }
                    default -> json.skipValue();
                }
            }
            json.endObject();
            return new Answer(status, errorType, error, resultType, result);
        } catch (IllegalStateException | NumberFormatException | com.google.gson.JsonParseException e) {
            throw new NotTheApi(e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new NotTheApi("the answer ends early: " + e.getMessage(), e);
        } catch (com.google.gson.stream.MalformedJsonException e) {
            throw new NotTheApi(e.getMessage(), e);
        }
    }

    private static List<RangeSeries> series(JsonReader json) throws IOException {
        if (json.peek() == JsonToken.NULL) {
            json.nextNull();
            return List.of();
        }
        List<RangeSeries> series = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            Map<String, String> labels = Map.of();
            long[] times = new long[0];
            double[] values = new double[0];
            json.beginObject();
            while (json.hasNext()) {
                switch (json.nextName()) {
                    case "metric" -> labels = labels(json);
                    case "values" -> {
                        int n = 0;
                        times = new long[64];
                        values = new double[64];
                        json.beginArray();
                        while (json.hasNext()) {
                            if (n == times.length) {
                                times = java.util.Arrays.copyOf(times, n * 2);
                                values = java.util.Arrays.copyOf(values, n * 2);
                            }
                            json.beginArray();
                            times[n] = Math.round(json.nextDouble() * 1000);
                            values[n] = value(json.nextString());
                            json.endArray();
                            n++;
                        }
                        json.endArray();
                        times = java.util.Arrays.copyOf(times, n);
                        values = java.util.Arrays.copyOf(values, n);
                    }
                    default -> json.skipValue();
                }
            }
            json.endObject();
            series.add(new RangeSeries(labels, times, values));
        }
        json.endArray();
        return series;
    }

    private static Map<String, String> labels(JsonReader json) throws IOException {
        Map<String, String> labels = new HashMap<>();
        json.beginObject();
        while (json.hasNext()) {
            labels.put(json.nextName(), json.nextString());
        }
        json.endObject();
        return labels;
    }

    /** The API writes values as strings, with "NaN", "+Inf" and "-Inf" for the special ones. */
    private static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}

package io.headroom.bench.promql;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The series Headroom's recording rules would have kept for a fleet over some days, written into VictoriaMetrics
 * through {@code /api/v1/import} (one JSON line per series: labels, values, timestamps) rather than waited for:
 * per rack, {@code rack:headroom_gpu_hours_with_data:1h}, {@code rack:headroom_gpu_idle_share:1h} and {@code
 * rack:headroom_gpu_held_idle_share:1h}, with a daily rhythm (idler at night) and a seeded spread between racks.
 */
final class SyntheticRackHours {

    record Imported(long series, long samples) {}

    private static final int RACKS_PER_REQUEST = 50;
    private static final int RACKS_PER_HALL = 40;

    private SyntheticRackHours() {}

    static Imported importInto(URI server, int racks, Instant start, Instant end, int resolutionMinutes)
            throws IOException, InterruptedException {
        long stepMillis = Duration.ofMinutes(resolutionMinutes).toMillis();
        int points = (int) ((end.toEpochMilli() - start.toEpochMilli()) / stepMillis) + 1;
        long samples = 0;
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int first = 0; first < racks; first += RACKS_PER_REQUEST) {
                StringBuilder body = new StringBuilder();
                for (int rack = first; rack < Math.min(racks, first + RACKS_PER_REQUEST); rack++) {
                    rackLines(body, rack, start.toEpochMilli(), stepMillis, points);
                    samples += 3L * points;
                }
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(server.resolve("api/v1/import"))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IOException("import refused: HTTP " + response.statusCode() + " " + response.body());
                }
            }
        }
        return new Imported(3L * racks, samples);
    }

    private static void rackLines(StringBuilder out, int rack, long startMillis, long stepMillis, int points) {
        String labels =
                String.format(Locale.ROOT, "\"hall\":\"hall-%d\",\"rack\":\"r%05d\"", rack / RACKS_PER_HALL + 1, rack);
        SplittableRandom random = new SplittableRandom(rack);
        double base = 0.1 + 0.3 * random.nextDouble();
        double[] withData = new double[points];
        double[] idle = new double[points];
        double[] held = new double[points];
        for (int i = 0; i < points; i++) {
            long t = startMillis + i * stepMillis;
            double hourOfDay = (t / 3_600_000.0) % 24;
            double night = hourOfDay < 6 ? 0.3 : 0;
            idle[i] = Math.min(1, base + night + 0.05 * random.nextDouble());
            held[i] = idle[i] * (0.3 + 0.2 * random.nextDouble());
            withData[i] = 64 - (random.nextInt(200) == 0 ? 8 : 0);
        }
        line(out, "rack:headroom_gpu_hours_with_data:1h", labels, withData, startMillis, stepMillis);
        line(out, "rack:headroom_gpu_idle_share:1h", labels, idle, startMillis, stepMillis);
        line(out, "rack:headroom_gpu_held_idle_share:1h", labels, held, startMillis, stepMillis);
    }

    private static void line(
            StringBuilder out, String name, String labels, double[] values, long startMillis, long stepMillis) {
        out.append("{\"metric\":{\"__name__\":\"")
                .append(name)
                .append("\",")
                .append(labels)
                .append("},\"values\":[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(String.format(Locale.ROOT, "%.4f", values[i]));
        }
        out.append("],\"timestamps\":[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(startMillis + i * stepMillis);
        }
        out.append("]}\n");
    }
}

package io.headroom.bench.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus's HTTP API as a dashboard uses it: instant queries, their JSON answer read as a
 * stream (an answer over every DCGM series of 100,000 GPUs is hundreds of megabytes), and the
 * server's own {@code /metrics}.
 */
final class PromApi implements AutoCloseable {

    /** One series of an instant vector: its labels (reused between calls: copy what you keep) and value. */
    interface SeriesVisitor {
        void visit(Map<String, String> labels, double value);
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PromApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Evaluates {@code promql} at {@code atMillis}; hands every series to {@code visitor}; returns how many there were. */
    long query(String promql, long atMillis, Duration timeout, SeriesVisitor visitor)
            throws IOException, InterruptedException {
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + String.format(Locale.ROOT, "%.3f", atMillis / 1000.0)
                + "&timeout=" + timeout.toSeconds() + "s";
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body();
                JsonParser json = JSON.createParser(body)) {
            return read(json, promql, response.statusCode(), visitor);
        }
    }

    /** The sum of an instant query's values (one for an aggregation), or NaN when it returns nothing. */
    double scalar(String promql, long atMillis) throws IOException, InterruptedException {
        double[] sum = {0};
        long series = query(promql, atMillis, Duration.ofSeconds(60), (labels, value) -> sum[0] += value);
        return series == 0 ? Double.NaN : sum[0];
    }

    /** Prometheus's own {@code /metrics} values, by the series as written (name and labels). */
    Map<String, Double> ownMetrics() throws IOException, InterruptedException {
        String text = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n", -1)) { // -1: blank lines are skipped below anyway
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // not a plain sample line; not one we read
            }
        }
        return values;
    }

    /** The sum of every series of this metric in {@link #ownMetrics()} (e.g. over its "type" label). */
    static double sum(Map<String, Double> metrics, String name) {
        double total = 0;
        boolean found = false;
        for (var entry : metrics.entrySet()) {
            String series = entry.getKey();
            if (series.equals(name) || series.startsWith(name + "{")) {
                total += entry.getValue();
                found = true;
            }
        }
        return found ? total : Double.NaN;
    }

    private static long read(JsonParser json, String promql, int status, SeriesVisitor visitor) throws IOException {
        String state = null;
        String error = null;
        long series = 0;
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("Prometheus answered HTTP " + status + " without a JSON object to: " + promql);
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "status" -> state = json.getText();
                case "error" -> error = json.getText();
                case "data" -> series = data(json, visitor);
                default -> json.skipChildren();
            }
        }
        if (!"success".equals(state)) {
            throw new IOException("Prometheus refused " + promql + " (HTTP " + status + "): " + error);
        }
        return series;
    }

    private static long data(JsonParser json, SeriesVisitor visitor) throws IOException {
        long series = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (!field.equals("result")) {
                json.skipChildren();
                continue;
            }
            if (json.currentToken() != JsonToken.START_ARRAY) {
                throw new IOException("expected an instant vector, got " + json.currentToken());
            }
            Map<String, String> labels = new HashMap<>();
            while (json.nextToken() == JsonToken.START_OBJECT) {
                labels.clear();
                double value = Double.NaN;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String part = json.currentName();
                    json.nextToken();
                    if (part.equals("metric")) {
                        while (json.nextToken() == JsonToken.FIELD_NAME) {
                            String key = json.currentName();
                            json.nextToken();
                            labels.put(key, json.getText());
                        }
                    } else if (part.equals("value")) {
                        json.nextToken(); // the evaluation time
                        json.nextToken();
                        value = number(json.getText());
                        json.nextToken(); // end of the pair
                    } else {
                        json.skipChildren();
                    }
                }
                visitor.visit(labels, value);
                series++;
            }
        }
        return series;
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    @Override
    public void close() {
        http.close();
    }
}

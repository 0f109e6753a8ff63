package io.headroom.agent.source.rocm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.agent.source.GpuReading;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code rocm-smi --json} document: an object per card ("card0", ...) of display strings
 * keyed by display names ("GPU use (%)", "sclk clock speed:" = "(300Mhz)"). Read card by card,
 * so a document cut short still yields the cards before the cut; the cut is reported. Hygon's
 * rocm-smi (DTK) prints the same document for its DCUs with "DCU" in place of "GPU" in key names
 * ("DCU use (%)") and its own vendor string; those cards are Hygon's.
 *
 * @param problems what could not be read, each naming the card or the place in the document
 */
record RocmSmiOutput(List<Accelerator> accelerators, Map<String, GpuReading> readings, List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CARD = Pattern.compile("card([0-9]{1,4})");
    private static final Pattern LEADING_NUMBER = Pattern.compile("\\(?\\s*(-?[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern BRACKETED = Pattern.compile("\\[(.+)]");
    private static final double MIB = 1024.0 * 1024.0;

    static RocmSmiOutput parse(String text, long timeMillis) {
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, GpuReading> readings = new java.util.HashMap<>();
        List<String> problems = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().setCodec(JSON).createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                problems.add("expected a JSON object, found "
                        + (parser.currentToken() == null ? "nothing" : parser.getText()));
                return new RocmSmiOutput(List.of(), Map.of(), problems);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                JsonNode value = parser.readValueAsTree();
                Matcher card = CARD.matcher(key);
                if (card.matches() && value != null && value.isObject()) {
                    card(Integer.parseInt(card.group(1)), key, value, timeMillis, accelerators, readings, problems);
                }
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            problems.add("not valid JSON at line " + (at == null ? "?" : at.getLineNr()) + ", column "
                    + (at == null ? "?" : at.getColumnNr()) + ": " + e.getOriginalMessage()
                    + (accelerators.isEmpty() ? "" : " (the " + accelerators.size() + " cards before it are kept)"));
        } catch (IOException e) {
            problems.add("cannot read the output: " + e.getMessage());
        }
        return new RocmSmiOutput(List.copyOf(accelerators), Map.copyOf(readings), List.copyOf(problems));
    }

    private static void card(
            int index,
            String key,
            JsonNode card,
            long time,
            List<Accelerator> accelerators,
            Map<String, GpuReading> readings,
            List<String> problems) {
        var fields = new Fields(key, card, problems);
        boolean hygon = isHygon(card, fields);
        String prefix = hygon ? "HYGON-" : "AMD-";
        String unique = fields.text("Unique ID");
        String uuid =
                !unique.isEmpty() && !unique.equals("N/A") ? prefix + unique : prefix + "pci-" + fields.text("PCI Bus");
        double totalBytes = fields.number("VRAM Total Memory (B)");
        var sample = new SampleBuffer();
        sample.timeMillis = time;
        sample.utilizationPct = (float) fields.number(hygon && card.has("DCU use (%)") ? "DCU use (%)" : "GPU use (%)");
        double used = fields.number("VRAM Total Used Memory (B)");
        sample.memoryUsedMib = (float) (used / MIB);
        // MI100/MI200 report an average; MI300 and later report the current socket power instead.
        double power = fields.number("Average Graphics Package Power (W)");
        sample.powerW =
                (float) (Double.isNaN(power) ? fields.number("Current Socket Graphics Package Power (W)") : power);
        sample.powerLimitW = (float) fields.number("Max Graphics Package Power (W)");
        // Junction (hotspot) is what the card throttles on, and MI300 has no edge sensor at all.
        double junction = fields.number("Temperature (Sensor junction) (C)");
        sample.gpuTempC = (float) (Double.isNaN(junction) ? fields.number("Temperature (Sensor edge) (C)") : junction);
        sample.memoryTempC = (float) fields.number("Temperature (Sensor memory) (C)");
        sample.smClockMhz = (float) fields.number("sclk clock speed:");
        readings.put(uuid, GpuReading.of(sample));
        accelerators.add(new Accelerator(
                uuid,
                hygon ? Vendor.HYGON : Vendor.AMD,
                hygon ? hygonModel(fields) : model(fields),
                Double.isNaN(totalBytes) ? 0 : (long) (totalBytes / MIB),
                index,
                false,
                List.of()));
    }

    /** A Hygon DCU: Hygon's vendor string, or key names that say DCU where AMD's say GPU. */
    private static boolean isHygon(JsonNode card, Fields fields) {
        String vendor = fields.text("Card vendor").toLowerCase(java.util.Locale.ROOT);
        if (vendor.contains("hygon") || vendor.contains("haiguang")) {
            return true;
        }
        var names = card.fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith("DCU ")) {
                return true;
            }
        }
        return false;
    }

    /** "Z100L" is sold as "Hygon DCU Z100L". */
    private static String hygonModel(Fields fields) {
        String series = fields.text("Card series");
        if (series.isEmpty()) {
            series = fields.text("Card Series");
        }
        return series.isEmpty() ? "Hygon DCU" : series.startsWith("Hygon") ? series : "Hygon DCU " + series;
    }

    /** "Arcturus GL-XL [Instinct MI100]" is sold as "AMD Instinct MI100". */
    private static String model(Fields fields) {
        String series = fields.text("Card series");
        if (series.isEmpty()) {
            series = fields.text("Card Series");
        }
        Matcher m = BRACKETED.matcher(series);
        return m.find() ? "AMD " + m.group(1) : series.isEmpty() ? "AMD GPU" : series;
    }

    /** A card's display strings, read leniently but never silently: an unreadable number is NaN and reported. */
    private record Fields(String card, JsonNode node, List<String> problems) {
        String text(String key) {
            JsonNode value = node.get(key);
            return value == null || value.isNull() ? "" : value.asText().strip();
        }

        double number(String key) {
            String text = text(key);
            if (text.isEmpty() || text.equals("N/A")) {
                return Double.NaN;
            }
            Matcher m = LEADING_NUMBER.matcher(text);
            if (!m.lookingAt()) {
                problems.add(card + ": '" + key + "' is '" + text + "', not a number");
                return Double.NaN;
            }
            return Double.parseDouble(m.group(1));
        }
    }
}

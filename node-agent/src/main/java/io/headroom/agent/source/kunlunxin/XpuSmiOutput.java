package io.headroom.agent.source.kunlunxin;

import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.ToolOutput;
import io.headroom.agent.source.table.BoxTable;
import io.headroom.agent.source.table.Values;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kunlunxin's {@code xpu_smi}: a DEVICES table of one line per device under one column name per
 * cell ("DevID", "PCI Addr", "Model", "UseRate", "Memory", ...), whose set differs between
 * releases and generations and is found by header. Temperature and power are read where a
 * release prints them (a column starting "Temp", "Power" or "Pwr") and are unavailable where not.
 *
 * <p>An SR-IOV virtual function is listed as a device of its own whose model ends "-VF..."
 * ("R200-VF-0"): it becomes a slice (profile "VF") of its card, the physical function on the
 * same PCI bus and device, like a MIG slice of a GPU; one whose card is not listed (inside a
 * virtual machine) is an accelerator of its own.
 */
public final class XpuSmiOutput {
    private static final Set<String> HEADER_WORDS = Set.of("DevID");
    private static final Pattern VF = Pattern.compile("(.+?)-VF(?:-?(.*))?", Pattern.CASE_INSENSITIVE);

    private XpuSmiOutput() {}

    private record Device(int id, String bus, String model, boolean vf, GpuReading reading, long memoryTotalMib) {
        String uuid() {
            return "KUNLUNXIN-pci-" + bus.toLowerCase(Locale.ROOT);
        }

        /** "0000:53:00" of "0000:53:00.1": the card a function belongs to. */
        String card() {
            int dot = bus.lastIndexOf('.');
            return dot < 0 ? bus : bus.substring(0, dot);
        }
    }

    public static ToolOutput parse(String text, long timeMillis) {
        BoxTable.Parsed box = BoxTable.parse(text, HEADER_WORDS, false);
        List<String> problems = new ArrayList<>(box.problems());
        List<Device> devices = new ArrayList<>();
        boolean sawDevices = false;
        for (BoxTable.Table table : box.tables()) {
            if (!table.hasColumn("Model") || !table.hasColumn("PCI Addr")) {
                continue; // VIDEO and other tables: nothing Headroom shows
            }
            sawDevices = true;
            for (BoxTable.Row row : table.rows()) {
                try {
                    devices.add(device(row, timeMillis));
                } catch (IllegalArgumentException e) {
                    problems.add(BoxTable.at(row.line(), row.text()) + e.getMessage());
                }
            }
        }
        if (!sawDevices) {
            problems.add("no DEVICES table (a header with DevID, PCI Addr and Model) in "
                    + text.lines().count() + " lines of xpu_smi");
        }
        return inventory(devices, problems);
    }

    private static ToolOutput inventory(List<Device> devices, List<String> problems) {
        Map<String, GpuReading> readings = new HashMap<>();
        Map<String, Device> cards = new LinkedHashMap<>();
        Map<String, List<MigSlice>> slices = new HashMap<>();
        Device lastCard = null;
        for (Device d : devices) {
            readings.put(d.uuid(), d.reading());
            if (!d.vf()) {
                cards.put(d.card(), d);
                lastCard = d;
            }
        }
        List<Device> standalone = new ArrayList<>();
        for (Device d : devices) {
            if (!d.vf()) {
                continue;
            }
            Device card = cards.getOrDefault(d.card(), lastCard);
            if (card == null) {
                standalone.add(d);
                continue;
            }
            slices.computeIfAbsent(card.card(), k -> new ArrayList<>())
                    .add(new MigSlice(
                            d.uuid(),
                            d.id(),
                            0,
                            MigSlice.PROFILE_UNKNOWN,
                            "VF",
                            MigSlice.PLACEMENT_UNKNOWN,
                            MigSlice.PLACEMENT_UNKNOWN,
                            d.memoryTotalMib()));
        }
        List<Accelerator> accelerators = new ArrayList<>();
        for (Device card : cards.values()) {
            List<MigSlice> vfs = slices.getOrDefault(card.card(), List.of());
            accelerators.add(new Accelerator(
                    card.uuid(),
                    Vendor.KUNLUNXIN,
                    "Kunlunxin " + card.model(),
                    card.memoryTotalMib(),
                    card.id(),
                    !vfs.isEmpty(),
                    vfs));
        }
        for (Device d : standalone) {
            accelerators.add(new Accelerator(
                    d.uuid(),
                    Vendor.KUNLUNXIN,
                    "Kunlunxin " + d.model(),
                    d.memoryTotalMib(),
                    d.id(),
                    false,
                    List.of()));
        }
        return new ToolOutput(accelerators, readings, Map.of(), problems);
    }

    private static Device device(BoxTable.Row row, long time) {
        int id;
        String idText = require(row, "DevID");
        try {
            id = Integer.parseInt(idText.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DevID is '" + idText + "', not a whole number", e);
        }
        String bus = require(row, "PCI Addr").strip();
        if (bus.isEmpty()) {
            throw new IllegalArgumentException("PCI Addr is empty");
        }
        String model = require(row, "Model").strip();
        Matcher vf = VF.matcher(model);
        var sample = new SampleBuffer();
        sample.timeMillis = time;
        sample.utilizationPct = row.has("UseRate") ? (float) Values.number("UseRate", row.get("UseRate")) : Float.NaN;
        double[] memory =
                row.has("Memory") ? Values.pair("Memory", row.get("Memory")) : new double[] {Double.NaN, Double.NaN};
        sample.memoryUsedMib = (float) memory[0];
        for (var column : row.values().entrySet()) {
            String name = column.getKey();
            if (name.startsWith("Temp")) {
                sample.gpuTempC = (float) Values.number(name, column.getValue());
            } else if (name.startsWith("Power") || name.startsWith("Pwr")) {
                if (column.getValue().contains("/")) {
                    double[] power = Values.pair(name, column.getValue());
                    sample.powerW = (float) power[0];
                    sample.powerLimitW = (float) power[1];
                } else {
                    sample.powerW = (float) Values.number(name, column.getValue());
                }
            }
        }
        return new Device(
                id, bus, model, vf.matches(), GpuReading.of(sample), Double.isNaN(memory[1]) ? 0 : (long) memory[1]);
    }

    private static String require(BoxTable.Row row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no value under " + column);
        }
        return value;
    }
}

package io.headroom.agent.source.dcgm;

import io.headroom.agent.source.GpuReading;
import io.headroom.agent.source.dcgm.PrometheusText.Sample;
import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.IntegerReading;
import io.headroom.core.fleet.MigProfile;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.Vendor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One dcgm-exporter scrape as GPUs and MIG instances with their readings. A MIG instance's
 * rows carry its parent GPU's UUID and are told apart by {@code GPU_I_ID}; under MIG, GPU-wide
 * fields (power, temperatures, clocks) are repeated on every instance's rows and read once for
 * the GPU, while activity (GR_ENGINE_ACTIVE) and memory belong to the instance. GPU_UTIL is
 * not supported under MIG and stays unavailable (NaN).
 *
 * <p>Rows that also carry {@code GPU_CI_ID} belong to one compute instance of that GPU instance:
 * rows of one {@code GPU_I_ID} that differ only in it are one slice, listing those compute
 * instances, with the GPU instance's memory once (each compute instance's row repeats it).
 *
 * @param hostname the exporter's {@code Hostname} (older) or {@code hostname} (newer) label
 */
record DcgmScrape(String hostname, List<Accelerator> accelerators, Map<String, GpuReading> readings) {

    private static final Pattern MEMORY_IN_MODEL = Pattern.compile("(?<![0-9])([0-9]{1,6})GB");

    /** The rows of one GPU (instance id -1) or one MIG instance. */
    private static final class Rows {
        final Map<DcgmField, Double> values = new EnumMap<>(DcgmField.class);
        String uuid;
        String model;
        int gpuIndex;
        int instanceId = -1;
        String profile;
        /** The compute instances seen in GPU_CI_ID, and each one's GR_ENGINE_ACTIVE (NaN when blank). */
        final Map<Integer, Double> activityByComputeInstance = new TreeMap<>();
    }

    static DcgmScrape of(List<Sample> samples, long timeMillis) {
        // By GPU index, then instance id (-1 for the GPU's own rows).
        Map<Integer, Map<Integer, Rows>> gpus = new TreeMap<>();
        // The instances each metric lists, per GPU, in the exporter's order: the longest list is
        // the exporter's order of instances, which one skipped line cannot change.
        Map<Integer, Map<String, List<Integer>>> listed = new HashMap<>();
        String hostname = "";
        for (Sample sample : samples) {
            DcgmField field = DcgmField.byName(sample.name());
            String gpu = sample.label("gpu");
            String uuid = sample.label("UUID");
            if (field == null || gpu == null || uuid == null) {
                continue;
            }
            String instance = sample.label("GPU_I_ID");
            String computeInstance = sample.label("GPU_CI_ID");
            int index;
            int instanceId;
            int computeInstanceId;
            try {
                index = Integer.parseInt(gpu);
                instanceId = instance == null || instance.isEmpty() ? -1 : Integer.parseInt(instance);
                computeInstanceId = computeInstance == null || computeInstance.isEmpty() || instanceId < 0
                        ? -1
                        : Integer.parseInt(computeInstance);
            } catch (NumberFormatException e) {
                continue; // not dcgm-exporter's numbering: the row cannot be placed (found by fuzzing)
            }
            if (index < 0 || instanceId < -1 || computeInstanceId < -1) {
                continue;
            }
            Rows rows = gpus.computeIfAbsent(index, i -> new HashMap<>()).computeIfAbsent(instanceId, i -> new Rows());
            List<Integer> order = listed.computeIfAbsent(index, i -> new LinkedHashMap<>())
                    .computeIfAbsent(sample.name(), n -> new ArrayList<>());
            if (!order.contains(instanceId)) {
                order.add(instanceId);
            }
            rows.uuid = uuid;
            rows.model = sample.labels().getOrDefault("modelName", "");
            rows.gpuIndex = index;
            rows.instanceId = instanceId;
            rows.profile = sample.label("GPU_I_PROFILE");
            double value = DcgmField.isBlank(sample.value()) ? Double.NaN : sample.value();
            if (computeInstanceId < 0) {
                rows.values.put(field, value);
            } else if (field == DcgmField.GR_ENGINE_ACTIVE_RATIO) {
                rows.activityByComputeInstance.put(computeInstanceId, value);
            } else {
                rows.activityByComputeInstance.putIfAbsent(computeInstanceId, null);
                // Anything else on a compute instance's row is its GPU instance's, repeated: read once.
                Double held = rows.values.get(field);
                if (held == null || held.isNaN()) {
                    rows.values.put(field, value);
                }
            }
            String host =
                    sample.labels().getOrDefault("Hostname", sample.labels().getOrDefault("hostname", ""));
            if (!host.isEmpty()) {
                hostname = host;
            }
        }
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, GpuReading> readings = new HashMap<>();
        gpus.forEach((index, byInstance) ->
                accelerators.add(gpu(inExporterOrder(byInstance, listed.get(index)), timeMillis, readings)));
        return new DcgmScrape(hostname, List.copyOf(accelerators), Map.copyOf(readings));
    }

    /**
     * This scrape with the memory totals it lacks (0: no FB_TOTAL, FB_USED or FB_FREE, or NaN
     * there) taken from {@code previous}, for the same GPU or instance: memory does not change
     * size between scrapes, and a total once known is not served as 0 bytes.
     */
    DcgmScrape keepingTotalsOf(DcgmScrape previous) {
        Map<String, Long> known = new HashMap<>();
        for (Accelerator gpu : previous.accelerators) {
            known.put(gpu.uuid(), gpu.memoryTotalMib());
            gpu.slices().forEach(s -> known.put(s.uuid(), s.memoryTotalMib()));
        }
        List<Accelerator> kept = accelerators.stream()
                .map(gpu -> new Accelerator(
                        gpu.uuid(),
                        gpu.vendor(),
                        gpu.model(),
                        kept(gpu.memoryTotalMib(), known.get(gpu.uuid())),
                        gpu.index(),
                        gpu.migEnabled(),
                        gpu.slices().stream()
                                .map(s -> s.withMemoryTotalMib(kept(s.memoryTotalMib(), known.get(s.uuid()))))
                                .toList()))
                .toList();
        return new DcgmScrape(hostname, kept, readings);
    }

    private static long kept(long total, Long before) {
        return total == 0 && before != null ? before : total;
    }

    /** The GPU's rows in the order of the metric that lists most of them (then any others by id). */
    private static Map<Integer, Rows> inExporterOrder(
            Map<Integer, Rows> byInstance, Map<String, List<Integer>> listed) {
        List<Integer> longest = List.of();
        for (List<Integer> order : listed.values()) {
            if (order.size() > longest.size()) {
                longest = order;
            }
        }
        Map<Integer, Rows> ordered = new LinkedHashMap<>();
        longest.forEach(id -> ordered.put(id, byInstance.get(id)));
        new TreeMap<>(byInstance).forEach(ordered::putIfAbsent);
        return ordered;
    }

    private static Accelerator gpu(Map<Integer, Rows> byInstance, long time, Map<String, GpuReading> readings) {
        Rows own = byInstance.get(-1);
        List<Rows> instances =
                byInstance.values().stream().filter(r -> r.instanceId >= 0).toList();
        Rows any = own != null ? own : instances.getFirst();
        boolean mig = !instances.isEmpty();
        var sample = new SampleBuffer();
        sample.timeMillis = time;
        // GPU-wide values: the GPU's own rows, or under MIG each instance's copy of them, the
        // first that has the field: one instance's unreadable line loses nothing.
        gpuWide(own != null ? own : merged(instances), sample);
        long memoryTotal;
        List<MigSlice> slices = new ArrayList<>();
        if (mig) {
            sample.utilizationPct = Float.NaN;
            float used = 0; // NaN as soon as one instance's is unknown: a sum with an unknown part is unknown
            long sliceMemory = 0;
            for (Rows instance : instances) {
                int firstComputeInstance = instance.activityByComputeInstance.isEmpty()
                        ? 0
                        : instance.activityByComputeInstance.keySet().iterator().next();
                String sliceUuid = "MIG-" + instance.uuid + "/" + instance.instanceId + "/" + firstComputeInstance;
                var sliceSample = new SampleBuffer();
                sliceSample.timeMillis = time;
                sliceSample.smActivePct = percent(activity(instance));
                sliceSample.memoryUsedMib = number(instance.values.get(DcgmField.FB_USED_MIB));
                readings.put(sliceUuid, GpuReading.of(sliceSample));
                used += sliceSample.memoryUsedMib;
                long total = total(instance);
                sliceMemory += total;
                slices.add(slice(sliceUuid, instance, firstComputeInstance, total));
            }
            sample.memoryUsedMib = used;
            memoryTotal = modelMemoryMib(any.model, sliceMemory);
        } else {
            sample.utilizationPct = number(any.values.get(DcgmField.GPU_UTIL_PCT));
            sample.smActivePct = percent(any.values.get(DcgmField.GR_ENGINE_ACTIVE_RATIO));
            sample.memoryUsedMib = number(any.values.get(DcgmField.FB_USED_MIB));
            memoryTotal = total(any);
        }
        readings.put(any.uuid, GpuReading.of(sample));
        return new Accelerator(any.uuid, Vendor.NVIDIA, any.model, memoryTotal, any.gpuIndex, mig, slices);
    }

    /** The instances' rows as one, each field from the first instance (by id) with a value for it. */
    private static Rows merged(List<Rows> instances) {
        Rows merged = new Rows();
        for (Rows instance : instances) {
            instance.values.forEach((field, value) -> {
                Double held = merged.values.get(field);
                if (held == null || held.isNaN()) {
                    merged.values.put(field, value);
                }
            });
        }
        return merged;
    }

    private static void gpuWide(Rows rows, SampleBuffer sample) {
        sample.powerW = number(rows.values.get(DcgmField.POWER_W));
        float enforced = number(rows.values.get(DcgmField.POWER_LIMIT_ENFORCED_W));
        sample.powerLimitW = Float.isNaN(enforced) ? number(rows.values.get(DcgmField.POWER_LIMIT_W)) : enforced;
        sample.gpuTempC = number(rows.values.get(DcgmField.GPU_TEMP_C));
        sample.memoryTempC = number(rows.values.get(DcgmField.MEMORY_TEMP_C));
        sample.smClockMhz = number(rows.values.get(DcgmField.SM_CLOCK_MHZ));
        // A series the page lacks (the exporter's field list leaves it out, the card has no ECC) or
        // a blank value leaves the reading unmeasured, not 0.
        integer(rows, DcgmField.CLOCK_EVENT_REASONS, IntegerReading.THROTTLE_REASONS, sample);
        integer(rows, DcgmField.XID, IntegerReading.LAST_XID, sample);
        integer(rows, DcgmField.ECC_DBE_VOLATILE, IntegerReading.ECC_UNCORRECTABLE, sample);
        integer(rows, DcgmField.ROW_REMAP_FAILED, IntegerReading.REMAPPED_ROW_FAILURES, sample);
    }

    private static void integer(Rows rows, DcgmField field, IntegerReading reading, SampleBuffer sample) {
        Double value = rows.values.get(field);
        if (value != null && !value.isNaN()) {
            sample.measured(reading, value.longValue());
        }
    }

    /**
     * A GPU instance's activity: its own row's, else its compute instances' mean. The page does not
     * say how many SMs each compute instance has, so each counts equally; the mean is never idle
     * while one of them is busy. Unknown (NaN) when one of them is.
     */
    private static Double activity(Rows instance) {
        Double own = instance.values.get(DcgmField.GR_ENGINE_ACTIVE_RATIO);
        if (own != null && !own.isNaN()) {
            return own;
        }
        var ratios = instance.activityByComputeInstance.values();
        if (ratios.stream().allMatch(java.util.Objects::isNull)) {
            return own; // the page has no activity for this instance at all
        }
        double sum = 0;
        for (Double ratio : ratios) {
            if (ratio == null) {
                return Double.NaN; // one compute instance's activity missing: the instance's is unknown
            }
            sum += ratio;
        }
        return sum / ratios.size();
    }

    private static MigSlice slice(String uuid, Rows instance, int firstComputeInstance, long memoryMib) {
        MigProfile profile = profileNamed(instance.profile, instance.model);
        List<ComputeInstance> computeInstances = instance.activityByComputeInstance.keySet().stream()
                .map(id -> new ComputeInstance(id, "", 0, 0))
                .toList();
        return new MigSlice(
                uuid,
                instance.instanceId,
                firstComputeInstance,
                profile == null ? MigSlice.PROFILE_UNKNOWN : profile.id(),
                instance.profile == null ? "unknown" : instance.profile,
                MigSlice.PLACEMENT_UNKNOWN,
                profile == null ? 0 : profile.memorySlices(),
                memoryMib,
                computeInstances);
    }

    /** "1g.5gb" is profile 19 on an A100-40GB but "1g.10gb" is 19 on 80 GB parts: the GPU's memory class decides. */
    private static MigProfile profileNamed(String name, String model) {
        if (name == null) {
            return null;
        }
        long memoryClass = modelMemoryMib(model, 80 * 1024);
        for (MigProfile profile : MigProfile.values()) {
            if (profile.nameFor(memoryClass).equals(name.toLowerCase(Locale.ROOT))) {
                return profile;
            }
        }
        return null;
    }

    /** The memory a model name promises ("NVIDIA A100-SXM4-40GB"), or {@code fallback} when it names none. */
    private static long modelMemoryMib(String model, long fallback) {
        Matcher m = MEMORY_IN_MODEL.matcher(model);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : fallback;
    }

    private static long total(Rows rows) {
        float total = number(rows.values.get(DcgmField.FB_TOTAL_MIB));
        if (!Float.isNaN(total)) {
            return (long) total;
        }
        float used = number(rows.values.get(DcgmField.FB_USED_MIB));
        float free = number(rows.values.get(DcgmField.FB_FREE_MIB));
        return Float.isNaN(used) || Float.isNaN(free) ? 0 : (long) (used + free);
    }

    private static float number(Double value) {
        return value == null ? Float.NaN : value.floatValue();
    }

    private static float percent(Double ratio) {
        return ratio == null || ratio.isNaN() ? Float.NaN : (float) (ratio * 100);
    }
}

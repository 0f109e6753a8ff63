package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hour of each held GPU's utilisation, one figure a minute, for the sparkline in a
 * notice. The agent's telemetry keeps only the latest value; the policy's timer samples it here.
 */
public final class UtilisationTrail {

    static final int MINUTES = 60;
    private static final long MINUTE_MS = 60_000;

    /** One GPU's last hour: the figure and the minute (since the epoch) it was taken, by minute of the hour. */
    private static final class Ring {
        final float[] pct = new float[MINUTES];
        final long[] minute = new long[MINUTES];

        Ring() {
            Arrays.fill(pct, Float.NaN);
            Arrays.fill(minute, -1);
        }

        float[] pct() {
            return pct;
        }

        long[] minute() {
            return minute;
        }
    }

    private final Map<String, Ring> byGpu = new ConcurrentHashMap<>();

    /** Records the activity of every GPU the workloads hold, at {@code nowMillis}'s minute. */
    public void sample(Collection<Workload> workloads, GpuStates gpus, long nowMillis) {
        long minute = nowMillis / MINUTE_MS;
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        for (Workload workload : workloads) {
            for (Holding gpu : workload.getHoldingsList()) {
                Ring ring = byGpu.computeIfAbsent(key(gpu), k -> new Ring());
                synchronized (ring) {
                    ring.pct()[slot] = gpus.activityPct(gpu);
                    ring.minute()[slot] = minute;
                }
            }
        }
    }

    /** Per-minute averages over the workload's GPUs, oldest first; minutes with no figure are left out. */
    public double[] lastHour(Workload workload, long nowMillis) {
        long now = nowMillis / MINUTE_MS;
        List<Double> figures = new ArrayList<>();
        for (long m = now - MINUTES + 1; m <= now; m++) {
            int slot = (int) Math.floorMod(m, (long) MINUTES);
            double sum = 0;
            int count = 0;
            for (Holding gpu : workload.getHoldingsList()) {
                Ring ring = byGpu.get(key(gpu));
                if (ring == null) {
                    continue;
                }
                synchronized (ring) {
                    if (ring.minute()[slot] == m && !Float.isNaN(ring.pct()[slot])) {
                        sum += ring.pct()[slot];
                        count++;
                    }
                }
            }
            if (count > 0) {
                figures.add(sum / count);
            }
        }
        return figures.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Forgets GPUs no workload holds any more. */
    public void keepOnly(Collection<Workload> workloads) {
        Set<String> held = new HashSet<>();
        workloads.forEach(w -> w.getHoldingsList().forEach(gpu -> held.add(key(gpu))));
        byGpu.keySet().retainAll(held);
    }

    private static String key(Holding gpu) {
        return gpu.getHostname() + "/" + gpu.getGpuIndex()
                + (gpu.hasGpuInstanceId() ? "/" + gpu.getGpuInstanceId() : "");
    }
}

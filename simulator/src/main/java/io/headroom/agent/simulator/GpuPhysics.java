package io.headroom.agent.simulator;

import io.headroom.core.fleet.SampleBuffer;

/**
 * Power, temperatures and SM clock of one GPU from its load and the air it breathes.
 *
 * <p>Power follows load (a CUDA context alone lifts an idle GPU out of its lowest
 * performance state); the die runs at the rack's inlet plus a rise with power; a capped
 * power draw or a hot die pulls the SM clock down, and the throttle bits say why.
 */
final class GpuPhysics {

    // nvidia-smi clocks_event_reasons bits.
    static final long GPU_IDLE = 0x1;
    static final long SW_POWER_CAP = 0x4;
    static final long SW_THERMAL_SLOWDOWN = 0x20;
    static final long HW_THERMAL_SLOWDOWN = 0x40;

    private static final float CONTEXT_POWER_FACTOR = 1.35f;
    private static final float DIE_OVER_INLET_C = 7f;
    private static final float HW_SLOWDOWN_MARGIN_C = 5f;
    private static final float CLOCK_STEP_MHZ = 15f;

    private GpuPhysics() {}

    /**
     * Fills the sample's power, limit, temperatures, clock and throttle reasons.
     *
     * @param load      0 to 1
     * @param context   a job holds the GPU, whether or not it computes
     * @param intensity how hard the job's kernels drive the chip at full utilization, 0 to 1
     * @param noise     a per-sample hash
     */
    static void fill(
            SampleBuffer sample,
            GpuModel model,
            float inletC,
            float thermalBiasC,
            float load,
            boolean context,
            float intensity,
            long noise) {
        float limit = model.powerLimitW;
        float floor = model.idleW * (context ? CONTEXT_POWER_FACTOR : 1f);
        float watts = floor
                + (limit * 0.98f - floor) * (float) Math.sqrt(load) * intensity
                + (SimHash.lane(noise, 2) - 0.5f) * 0.03f * limit;
        watts = Math.clamp(watts, model.idleW * 0.9f, limit);
        long throttle = 0;
        float clock;
        if (load < 0.01f) {
            clock = model.idleSmClockMhz;
            throttle |= GPU_IDLE;
        } else {
            clock = model.maxSmClockMhz * (0.97f + 0.03f * SimHash.lane(noise, 3));
        }
        if (watts >= 0.96f * limit) {
            throttle |= SW_POWER_CAP;
            clock *= 0.93f;
        }
        float temp = inletC
                + DIE_OVER_INLET_C
                + model.riseAtLimitC * watts / limit
                + thermalBiasC
                + SimHash.lane(noise, 1)
                - 0.5f;
        if (temp >= model.slowdownC) {
            throttle |= SW_THERMAL_SLOWDOWN;
            float factor = Math.max(0.6f, 1f - 0.06f * (temp - model.slowdownC + 1f));
            clock *= factor;
            watts *= 0.75f + 0.25f * factor;
        }
        if (temp >= model.slowdownC + HW_SLOWDOWN_MARGIN_C) {
            throttle |= HW_THERMAL_SLOWDOWN;
        }
        sample.powerW = Math.round(watts * 100f) / 100f;
        sample.powerLimitW = limit;
        sample.gpuTempC = Math.round(temp);
        sample.memoryTempC = model.memoryTempKnown ? Math.round(temp + 2f + 6f * load) : Float.NaN;
        sample.smClockMhz = Math.round(clock / CLOCK_STEP_MHZ) * CLOCK_STEP_MHZ;
        sample.measured(io.headroom.core.fleet.IntegerReading.THROTTLE_REASONS, throttle);
    }
}

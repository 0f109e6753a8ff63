package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Holding;
import io.headroom.protocol.v1.Workload;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the owner of a workload that holds idle GPUs is told: every webhook format writes the
 * same facts. Unknown figures stay unknown: {@code idleSince} empty, {@code gpuHoursIdle} NaN,
 * {@code utilisation} null.
 *
 * @param consoleLink where the console shows the workload; empty when none is configured
 */
public record OwnerNotice(
        Workload workload,
        List<Holding> gpus,
        OptionalLong idleSince,
        double gpuHoursIdle,
        UtilisationSummary utilisation,
        String note,
        String consoleLink,
        long atMillis)
        implements ChatMessage {

    public OwnerNotice {
        gpus = List.copyOf(gpus);
    }

    /** The notice for a workload now, from the GPU states and the trail of its last hour. */
    public static OwnerNotice of(
            Workload workload,
            GpuStates gpus,
            UtilisationTrail trail,
            float heldBelowPct,
            String note,
            String consoleLink,
            long nowMillis) {
        return new OwnerNotice(
                workload,
                workload.getHoldingsList(),
                gpus.heldIdleSince(workload, heldBelowPct),
                gpus.gpuHoursIdle(workload, nowMillis),
                UtilisationSummary.of(trail.lastHour(workload, nowMillis)),
                note,
                consoleLink,
                nowMillis);
    }

    /** The owner as the scheduler names them: the user, else the Kubernetes owner; empty when neither. */
    public String owner() {
        if (!workload.getUser().isEmpty()) {
            return workload.getUser();
        }
        return workload.getOwnerName();
    }

    @Override
    public String about() {
        return "the owner of " + workload.getId();
    }

    @Override
    public String title(NoticeLanguage language) {
        return NoticeText.title(this, language);
    }

    @Override
    public List<String> lines(NoticeLanguage language) {
        return NoticeText.lines(this, language);
    }

    @Override
    public String plain(NoticeLanguage language) {
        return NoticeText.plain(this, language);
    }

    @Override
    public String markdown(NoticeLanguage language) {
        return NoticeText.markdown(this, language);
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode json(NoticeLanguage language) {
        return GenericJsonWebhook.body(this, language);
    }

    /** "node-07 GPU 3", "node-07 GPU 3 (MIG 2)". */
    public static String describe(Holding gpu) {
        return gpu.getHostname() + " GPU " + gpu.getGpuIndex()
                + (gpu.hasGpuInstanceId() ? " (MIG " + gpu.getGpuInstanceId() + ")" : "");
    }
}

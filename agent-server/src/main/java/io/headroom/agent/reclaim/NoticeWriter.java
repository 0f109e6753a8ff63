package io.headroom.agent.reclaim;

import io.headroom.protocol.v1.Workload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.ToDoubleFunction;

/**
 * Writes the notice for a workload: the GPU states, the last hour's trail, the held-idle
 * threshold of the workload's pool, and the console link.
 *
 * @param heldBelowPct the utilisation below which a pool's GPUs count as held idle (100 where no policy says)
 * @param consoleLink  a link with {@code {id}} where the workload id goes (URL-encoded); empty for none
 */
public record NoticeWriter(
        GpuStates gpus, UtilisationTrail trail, ToDoubleFunction<Workload> heldBelowPct, String consoleLink) {

    public OwnerNotice write(Workload workload, String note, long nowMillis) {
        String link = consoleLink.isEmpty()
                ? ""
                : consoleLink.replace("{id}", URLEncoder.encode(workload.getId(), StandardCharsets.UTF_8));
        return OwnerNotice.of(
                workload, gpus, trail, (float) heldBelowPct.applyAsDouble(workload), note, link, nowMillis);
    }
}

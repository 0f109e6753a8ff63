package io.headroom.agent.server;

import io.headroom.protocol.v1.ExecuteRequest;
import io.headroom.protocol.v1.SliceRequest;
import java.util.stream.Collectors;

/** An Execute request's action in words, for the log and the audit file: "drain", "re-slice GPU 0 into 9@0,9@4". */
final class ExecuteDescription {
    private ExecuteDescription() {}

    static String of(ExecuteRequest request) {
        return switch (request.getActionCase()) {
            case DRAIN -> "drain";
            case RESUME -> "resume";
            case REASSIGN -> {
                var r = request.getReassign();
                String what = r.getGpuIndicesList().isEmpty()
                        ? "node"
                        : "GPUs "
                                + r.getGpuIndicesList().stream()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(","));
                yield "reassign " + what + " to" + (r.getPool().isEmpty() ? "" : " pool " + r.getPool())
                        + (r.getTenant().isEmpty() ? "" : " tenant " + r.getTenant());
            }
            case RESLICE ->
                "re-slice GPU " + request.getReslice().getGpuIndex() + " into "
                        + request.getReslice().getSlicesList().stream()
                                .map(ExecuteDescription::slice)
                                .collect(Collectors.joining(","));
            case NOTIFY_OWNER ->
                "notify the owner of " + request.getNotifyOwner().getWorkloadId();
            case REQUEUE -> "requeue " + request.getRequeue().getWorkloadId();
            case CANCEL -> "cancel " + request.getCancel().getWorkloadId();
            case EVICT -> "evict " + request.getEvict().getWorkloadId();
            case ACTION_NOT_SET -> "nothing";
        };
    }

    private static String slice(SliceRequest s) {
        return s.getProfileId() + "@" + s.getPlacementStart();
    }
}

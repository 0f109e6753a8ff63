package io.headroom.views.operations;

import io.headroom.core.operation.OperationAction;
import io.headroom.views.Messages;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An operation and an agent's answer in the operator's words and language, for the Operations
 * tables and dialogs: "Reassign · GPU 0, 1 → pool train", "Done", not "reassign GPUs 0,1 to pool
 * train" and "APPLIED".
 */
public final class OperationWords {

    private final Messages messages;

    public OperationWords(Messages messages) {
        this.messages = messages;
    }

    /** What the operation does. */
    public String action(OperationAction action) {
        return switch (action) {
            case OperationAction.Drain d -> messages.get("operation.drain");
            case OperationAction.Resume r -> messages.get("operation.resume");
            case OperationAction.Reassign r ->
                messages.format(
                        "operations.words.reassign",
                        r.gpuIndices().isEmpty()
                                ? messages.get("operations.words.whole-node")
                                : messages.format(
                                        "operations.words.gpus",
                                        r.gpuIndices().stream()
                                                .map(String::valueOf)
                                                .collect(Collectors.joining(", "))),
                        r.pool().isEmpty() ? messages.get("value.none") : r.pool(),
                        r.tenant().isEmpty() ? messages.get("value.none") : r.tenant());
            case OperationAction.Reslice r ->
                messages.format(
                        "operations.words.reslice", r.gpuIndex(), r.slices().size());
            case OperationAction.NotifyOwner n -> messages.get("operation.notify_owner") + " \u00b7 " + n.workloadId();
            case OperationAction.Requeue q -> messages.get("operation.requeue") + " \u00b7 " + q.workloadId();
            case OperationAction.Cancel c -> messages.get("operation.cancel") + " \u00b7 " + c.workloadId();
            case OperationAction.Evict e -> messages.get("operation.evict") + " \u00b7 " + e.workloadId();
        };
    }

    /**
     * An agent's answer: its status in words, then the agent's own message (which stays as the
     * agent wrote it: it names hosts, jobs and commands).
     *
     * @param status the ExecuteStatus name without its prefix, e.g. APPLIED or IN_PROGRESS; empty when none
     */
    public String answer(String status, String agentMessage) {
        if (status.isEmpty()) {
            return agentMessage;
        }
        String key = "operations.answer." + status.toLowerCase(Locale.ROOT).replace('_', '-');
        String words = messages.has(key) ? messages.get(key) : status;
        return agentMessage.isEmpty() ? words : words + ": " + agentMessage;
    }
}

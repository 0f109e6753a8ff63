package io.headroom.views.holders;

import io.headroom.core.workload.IdleHolder;
import io.headroom.core.workload.Workload;
import io.headroom.views.Messages;
import java.util.Locale;

/** How a workload's facts read on the page, the same in the table and the detail. */
final class HolderText {

    private HolderText() {}

    static String kind(Messages messages, Workload workload) {
        return messages.get("holders.kind."
                + workload.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** "Job 4242 · train", "Pod notebook-7", "Process 5120 · python". */
    static String job(Messages messages, Workload workload) {
        String id = workload.schedulerId().isEmpty() ? workload.id() : workload.schedulerId();
        String name = workload.name().isEmpty() || workload.name().equals(id) ? "" : " \u00b7 " + workload.name();
        return kind(messages, workload) + " " + id + name;
    }

    static String account(Messages messages, Workload workload) {
        String account = workload.accountOrNamespace();
        if (account.isEmpty()) {
            return orNone(messages, workload.tenant());
        }
        return workload.tenant().isEmpty() || workload.tenant().equals(account)
                ? account
                : account + " (" + workload.tenant() + ")";
    }

    static String runtime(Messages messages, IdleHolder holder) {
        String runtime = holder.runtime()
                .map(duration -> messages.age(duration.toMillis()))
                .orElse(messages.get("value.none"));
        String limit = holder.workload()
                .timeLimit()
                .map(duration -> messages.age(duration.toMillis()))
                .orElse(messages.get("value.none"));
        return messages.format("holders.runtime-of-limit", runtime, limit);
    }

    static String orNone(Messages messages, String text) {
        return text.isEmpty() ? messages.get("value.none") : text;
    }
}

package io.headroom.views.operations;

import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.views.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * What the agents answered to a dry run, as the dialog shows it: the commands they would run,
 * one a line; what they said, one line per server when there are several; and whether one
 * refused. An agent that did not answer is named but refuses nothing: the outbox sends the
 * operation once it is back.
 *
 * @param commands what the agents would run, one command a line
 * @param status   what the agents said, or why there is no plan
 * @param refusal  REJECTED or CONFLICT when an agent refused; null when none did
 */
record DryRunPlan(String commands, String status, OperationStatus refusal) {

    /** One agent's answer: its outcome, or why there was none. */
    record Answer(String hostname, OperationOutcome outcome, Throwable failure) {
        String problem() {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return cause == null ? "" : cause.getMessage();
        }
    }

    static DryRunPlan of(List<Answer> answers, Messages messages) {
        OperationStatus refusal = null;
        List<String> lines = new ArrayList<>();
        List<String> status = new ArrayList<>();
        for (Answer answer : answers) {
            String prefix = answers.size() > 1 ? answer.hostname() + ": " : "";
            if (answer.failure() != null) {
                status.add(prefix + messages.format("operation.plan.unreachable", answer.problem()));
                continue;
            }
            OperationOutcome outcome = answer.outcome();
            lines.addAll(outcome.plan());
            switch (outcome.status()) {
                case REJECTED -> {
                    refusal = outcome.status();
                    status.add(prefix + messages.format("operation.plan.rejected", outcome.message()));
                }
                case CONFLICT -> {
                    refusal = outcome.status();
                    status.add(prefix + messages.format("operation.plan.conflict", outcome.message()));
                }
                default -> {
                    if (answers.size() == 1) {
                        status.add(outcome.message().isEmpty() ? messages.get("operation.plan.ok") : outcome.message());
                    }
                }
            }
        }
        if (status.isEmpty()) {
            status.add(messages.get("operation.plan.ok"));
        }
        return new DryRunPlan(String.join("\n", lines), String.join("\n", status), refusal);
    }
}

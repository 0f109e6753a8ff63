package io.headroom.store.outbox;

import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.OperationOutcome;
import io.headroom.core.operation.OperationStatus;
import io.headroom.core.operation.PendingOperation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Maps operations to the outbox table's columns and back. */
final class OutboxRows {

    static final String COLUMNS = """
            seq, idempotency_key, hostname, action, pool, tenant, gpu_indices, gpu_index, slices, expected_generation,
            requester, reason, created_at, state, attempts, next_attempt_at, last_error, outcome_status, outcome_message,
            outcome_generation, outcome_plan, replayed, finished_at, retried_as, workload_id, note""";

    static final String INSERT = """
            INSERT INTO outbox (idempotency_key, hostname, action, pool, tenant, gpu_indices, gpu_index, slices,
                                expected_generation, requester, reason, created_at, state, attempts, next_attempt_at,
                                workload_id, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?)""";

    private OutboxRows() {}

    static void bindInsert(PreparedStatement s, PendingOperation op) throws SQLException {
        s.setString(1, op.idempotencyKey());
        s.setString(2, op.hostname());
        s.setNull(4, Types.VARCHAR);
        s.setNull(5, Types.VARCHAR);
        s.setNull(6, Types.VARCHAR);
        s.setNull(7, Types.INTEGER);
        s.setNull(8, Types.VARCHAR);
        s.setNull(14, Types.VARCHAR);
        s.setNull(15, Types.VARCHAR);
        switch (op.action()) {
            case OperationAction.Drain d -> s.setString(3, "DRAIN");
            case OperationAction.Resume r -> s.setString(3, "RESUME");
            case OperationAction.Reassign r -> {
                s.setString(3, "REASSIGN");
                s.setString(4, r.pool());
                s.setString(5, r.tenant());
                s.setString(6, join(r.gpuIndices().stream().map(String::valueOf).toList()));
            }
            case OperationAction.NotifyOwner n -> {
                s.setString(3, "NOTIFY_OWNER");
                s.setString(14, n.workloadId());
                s.setString(15, n.note());
            }
            case OperationAction.Requeue r -> {
                s.setString(3, "REQUEUE");
                s.setString(14, r.workloadId());
            }
            case OperationAction.Cancel c -> {
                s.setString(3, "CANCEL");
                s.setString(14, c.workloadId());
            }
            case OperationAction.Evict e -> {
                s.setString(3, "EVICT");
                s.setString(14, e.workloadId());
            }
            case OperationAction.Reslice r -> {
                s.setString(3, "RESLICE");
                s.setInt(7, r.gpuIndex());
                s.setString(
                        8,
                        join(r.slices().stream()
                                .map(x -> x.profileId() + "@" + x.placementStart())
                                .toList()));
            }
        }
        s.setLong(9, op.expectedGeneration());
        s.setString(10, op.requester());
        s.setString(11, op.reason());
        s.setLong(12, op.createdAt().toEpochMilli());
        s.setLong(13, op.createdAt().toEpochMilli());
    }

    static QueuedOperation read(ResultSet rs) throws SQLException {
        OperationAction action = switch (rs.getString("action")) {
            case "DRAIN" -> new OperationAction.Drain();
            case "RESUME" -> new OperationAction.Resume();
            case "REASSIGN" ->
                new OperationAction.Reassign(
                        rs.getString("pool"),
                        rs.getString("tenant"),
                        split(rs.getString("gpu_indices")).stream()
                                .map(Integer::valueOf)
                                .toList());
            case "RESLICE" ->
                new OperationAction.Reslice(
                        rs.getInt("gpu_index"),
                        split(rs.getString("slices")).stream()
                                .map(x -> x.split("@"))
                                .map(p -> new OperationAction.SliceRequest(
                                        Integer.parseInt(p[0]), Integer.parseInt(p[1])))
                                .toList());
            case "NOTIFY_OWNER" -> new OperationAction.NotifyOwner(rs.getString("workload_id"), rs.getString("note"));
            case "REQUEUE" -> new OperationAction.Requeue(rs.getString("workload_id"));
            case "CANCEL" -> new OperationAction.Cancel(rs.getString("workload_id"));
            case "EVICT" -> new OperationAction.Evict(rs.getString("workload_id"));
            default -> throw new SQLException("unknown action in outbox: " + rs.getString("action"));
        };
        PendingOperation op = new PendingOperation(
                rs.getString("idempotency_key"),
                rs.getString("hostname"),
                action,
                rs.getLong("expected_generation"),
                rs.getString("requester"),
                rs.getString("reason"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
        Optional<OperationOutcome> outcome = Optional.empty();
        String status = rs.getString("outcome_status");
        if (status != null) {
            String plan = rs.getString("outcome_plan");
            outcome = Optional.of(new OperationOutcome(
                    OperationStatus.valueOf(status),
                    rs.getString("outcome_message"),
                    rs.getLong("outcome_generation"),
                    rs.getBoolean("replayed"),
                    plan == null || plan.isEmpty() ? List.of() : Arrays.asList(plan.split("\n", -1))));
        }
        long finished = rs.getLong("finished_at");
        Optional<Instant> finishedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        return new QueuedOperation(
                rs.getLong("seq"),
                op,
                OutboxState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                Optional.ofNullable(rs.getString("last_error")),
                outcome,
                finishedAt,
                Optional.ofNullable(rs.getString("retried_as")));
    }

    static List<QueuedOperation> readAll(ResultSet rs) throws SQLException {
        List<QueuedOperation> list = new ArrayList<>();
        while (rs.next()) {
            list.add(read(rs));
        }
        return list;
    }

    private static String join(List<String> parts) {
        return String.join(",", parts);
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(","));
    }
}

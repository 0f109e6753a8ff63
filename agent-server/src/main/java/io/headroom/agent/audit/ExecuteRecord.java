package io.headroom.agent.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One Execute call as the agent's audit file keeps it: who (as authenticated, from where, and
 * who the request says asked), what, on which node, why, and what came of it. The agent writes
 * records of its own too: a new segment after its file was lost ({@link #SEGMENT}) and a count
 * of refusals it did not write ({@link #DROPPED}).
 *
 * @param identity        the identity the agent recognised ("anonymous" without one; "agent" for its own records)
 * @param authenticatedBy token, certificate or none
 * @param requester       who the request says asked (the console's operator; free text)
 * @param result          REQUESTED, APPLIED, REJECTED, CONFLICT, IN_PROGRESS, PERMISSION_DENIED, REPLAY, SEGMENT, DROPPED
 * @param peer            the address the call came from (no port), "" where unknown
 * @param replayOf        for a REPLAY: the number of the record that holds the original's result ("" otherwise,
 *                        "0" when this file does not hold it)
 */
public record ExecuteRecord(
        Instant at,
        String identity,
        String role,
        String authenticatedBy,
        String requester,
        String action,
        String node,
        String reason,
        boolean dryRun,
        String idempotencyKey,
        String result,
        String message,
        String peer,
        String replayOf) {

    /** The agent started a new segment of its trail: its file was lost, cut or replaced. */
    public static final String SEGMENT = "SEGMENT";
    /** Refusals over the audit budget that were counted but not written. */
    public static final String DROPPED = "DROPPED";
    /** A request whose idempotency key was already carried out: answered from the ledger, not run again. */
    public static final String REPLAY = "REPLAY";
    /** Not carried out here and may come again with its key: a relay whose agent was away. */
    public static final String NOT_PASSED_ON = "NOT_PASSED_ON";

    /** The names of the fields of the first format, in the order they are hashed; also the JSON keys. */
    static final List<String> FIELDS_V1 = List.of(
            "seq",
            "at",
            "identity",
            "role",
            "authenticated_by",
            "requester",
            "action",
            "node",
            "reason",
            "dry_run",
            "idempotency_key",
            "result",
            "message");
    /** The fields written now: the first format's, then the peer and the record a replay repeats. */
    static final List<String> FIELDS = concat(FIELDS_V1, List.of("peer", "replay_of"));

    /** A record without peer or replay (tests, callers the agent cannot place). */
    public ExecuteRecord(
            Instant at,
            String identity,
            String role,
            String authenticatedBy,
            String requester,
            String action,
            String node,
            String reason,
            boolean dryRun,
            String idempotencyKey,
            String result,
            String message) {
        this(
                at,
                identity,
                role,
                authenticatedBy,
                requester,
                action,
                node,
                reason,
                dryRun,
                idempotencyKey,
                result,
                message,
                "",
                "");
    }

    /** A record the agent writes about its own trail. */
    static ExecuteRecord ofAgent(Instant at, String action, String reason, String result, String message, String peer) {
        return new ExecuteRecord(at, "agent", "", "", "", action, "", reason, false, "", result, message, peer, "");
    }

    /** The values in {@link #FIELDS} order, for the hash. */
    List<String> values(long seq) {
        return List.of(
                Long.toString(seq),
                at.toString(),
                identity,
                role,
                authenticatedBy,
                requester,
                action,
                node,
                reason,
                Boolean.toString(dryRun),
                idempotencyKey,
                result,
                message,
                peer,
                replayOf);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}

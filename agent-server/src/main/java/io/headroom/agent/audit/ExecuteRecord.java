package io.headroom.agent.audit;

import java.time.Instant;
import java.util.List;

/**
 * One Execute call as the agent's audit file keeps it: who (as authenticated, and who the
 * request says asked), what, on which node, why, and what came of it.
 *
 * @param identity        the identity the agent recognised ("anonymous" without one)
 * @param authenticatedBy token, certificate or none
 * @param requester       who the request says asked (the console's operator; free text)
 * @param result          APPLIED, REJECTED, CONFLICT, IN_PROGRESS, PLANNED, PERMISSION_DENIED
 */
public record ExecuteRecord(Instant at, String identity, String role, String authenticatedBy, String requester,
                            String action, String node, String reason, boolean dryRun, String idempotencyKey,
                            String result, String message) {

    /** The names of the fields, in the order they are hashed; also the JSON keys. */
    static final List<String> FIELDS = List.of("seq", "at", "identity", "role", "authenticated_by", "requester",
            "action", "node", "reason", "dry_run", "idempotency_key", "result", "message");

    /** The values in {@link #FIELDS} order, for the hash. */
    List<String> values(long seq) {
        return List.of(Long.toString(seq), at.toString(), identity, role, authenticatedBy, requester, action, node,
                reason, Boolean.toString(dryRun), idempotencyKey, result, message);
    }
}

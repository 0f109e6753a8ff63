package io.headroom.agent.history;

import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryResolution;

/** What makes a GetHistory request one a server can answer, in the caller's words. */
public final class HistoryRequests {

    /** Hostnames one request may name: more is a whole-fleet request, which needs none. */
    public static final int MAX_HOSTNAMES = 10_000;

    private HistoryRequests() {}

    /** Why the request cannot be answered, or null when it can. */
    public static String invalid(GetHistoryRequest request) {
        if (request.getResolution() == HistoryResolution.HISTORY_RESOLUTION_UNSPECIFIED
                || request.getResolution() == HistoryResolution.UNRECOGNIZED) {
            return "GetHistory needs a resolution (minute, hour or day)";
        }
        if (request.getFromMs() < 0 || request.getToMs() <= request.getFromMs()) {
            return "GetHistory needs from_ms before to_ms (got " + request.getFromMs() + " to " + request.getToMs()
                    + ")";
        }
        if (request.getHostnamesCount() > MAX_HOSTNAMES) {
            return "GetHistory names " + request.getHostnamesCount() + " hostnames; at most " + MAX_HOSTNAMES
                    + " (leave them out for the whole fleet)";
        }
        return null;
    }
}

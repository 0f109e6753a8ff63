package io.headroom.agent.simulated;

import io.headroom.agent.history.OwnerSeconds;
import io.headroom.agent.simulator.PastHolder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who held one GPU over one period of the simulated past, step by step: each holder's busy and
 * held-idle seconds, one entry per owner (user, account, tenant) however many of its jobs it was.
 * Reused from row to row; not thread-safe.
 */
final class PastOwners {

    private final List<PastHolder> holders = new ArrayList<>();
    private long[] busy = new long[4];
    private long[] held = new long[4];

    void clear() {
        holders.clear();
    }

    void add(PastHolder holder, long busyS, long heldS) {
        for (int i = 0; i < holders.size(); i++) {
            PastHolder h = holders.get(i);
            if (h == holder || sameOwner(h, holder)) {
                busy[i] += busyS;
                held[i] += heldS;
                return;
            }
        }
        int i = holders.size();
        if (i == busy.length) {
            busy = Arrays.copyOf(busy, i * 2);
            held = Arrays.copyOf(held, i * 2);
        }
        holders.add(holder);
        busy[i] = busyS;
        held[i] = heldS;
    }

    private static boolean sameOwner(PastHolder a, PastHolder b) {
        return a.user().equals(b.user())
                && a.account().equals(b.account())
                && a.tenant().equals(b.tenant());
    }

    /** The owners so far, as the shared grouping reads them; the rest of the period is nobody's. */
    List<OwnerSeconds> owners() {
        if (holders.isEmpty()) {
            return List.of();
        }
        if (holders.size() == 1) {
            PastHolder h = holders.getFirst();
            return List.of(new OwnerSeconds(h.user(), h.account(), h.tenant(), busy[0], held[0], 0, 0, 0, 0));
        }
        List<OwnerSeconds> out = new ArrayList<>(holders.size());
        for (int i = 0; i < holders.size(); i++) {
            PastHolder h = holders.get(i);
            out.add(new OwnerSeconds(h.user(), h.account(), h.tenant(), busy[i], held[i], 0, 0, 0, 0));
        }
        return out;
    }
}

package io.headroom.store.crash;

import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.store.LocalStore;
import io.headroom.store.outbox.Outbox;
import io.headroom.store.outbox.OutboxReplayer;
import io.headroom.store.outbox.QueuedOperation;
import io.headroom.store.testing.FakeAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Child main: a console that replays its outbox to the {@link FakeAgent} (whose ledger file
 * outlives it) while queuing up to {@code perRun} new operations, printing "queued KEY" once
 * each enqueue returned, until it is killed. Operation k of a node is "NODE-opK" and expects
 * generation k: applied once each, in order, they never conflict.
 */
public final class ReplayingConsole {

    static final List<String> HOSTS = List.of("n0", "n1", "n2", "n3");

    private ReplayingConsole() {}

    static String key(String host, int k) {
        return host + "-op" + k;
    }

    public static void main(String[] args) throws Exception {
        Path profile = Path.of(args[0]);
        FakeAgent agent = new FakeAgent(Path.of(args[1]));
        int perRun = Integer.parseInt(args[2]);
        LocalStore store = LocalStore.open(profile).store();
        Outbox outbox = new Outbox(store);
        Map<String, Integer> queued = new HashMap<>();
        for (QueuedOperation q : outbox.recent(Integer.MAX_VALUE)) {
            queued.merge(q.operation().hostname(), 1, Integer::sum);
        }
        OutboxReplayer.start(outbox, agent, new OutboxReplayer.Backoff(Duration.ofMillis(1), Duration.ofMillis(10)));
        System.out.println("ready");
        System.out.flush();
        Random random = new Random();
        for (int i = 0; i < perRun; i++) {
            String host = HOSTS.get(random.nextInt(HOSTS.size()));
            int k = queued.merge(host, 1, Integer::sum);
            OperationAction action = k % 2 == 1 ? new OperationAction.Drain() : new OperationAction.Resume();
            outbox.enqueue(
                    new PendingOperation(key(host, k), host, action, k, "kill-test", "round " + i, Instant.now()));
            System.out.println("queued " + key(host, k));
            System.out.flush();
        }
        System.out.println("all queued");
        System.out.flush();
        // The replayer's thread is a daemon: stay alive until killed.
        Thread.currentThread().join();
    }
}

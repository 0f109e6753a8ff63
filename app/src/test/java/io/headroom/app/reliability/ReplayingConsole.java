package io.headroom.app.reliability;

import static org.awaitility.Awaitility.await;

import io.headroom.app.ConsoleSettings;
import io.headroom.app.LiveFleet;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.operation.OperationAction;
import io.headroom.core.operation.PendingOperation;
import io.headroom.core.testing.AwaitilityDefaults;
import io.headroom.store.LocalStore;
import io.headroom.store.outbox.QueuedOperation;
import io.headroom.themes.Theme;
import io.headroom.wire.AgentEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Child main: the console's own wiring ({@link LiveFleet}: client, store, outbox, replayer)
 * without its window, against a real agent. It drains {@code perRun} nodes no earlier run
 * touched, through the operations desk, printing "queued KEY" once each is in the outbox,
 * and stays up (replaying) until killed. Args: AGENT_PORT PROFILE PER_RUN.
 */
public final class ReplayingConsole {

    private ReplayingConsole() {}

    public static void main(String[] args) throws Exception {
        AwaitilityDefaults.apply(); // waits as in the tests: there is no JUnit here to set them
        int port = Integer.parseInt(args[0]);
        Path profile = Path.of(args[1]);
        int perRun = Integer.parseInt(args[2]);
        var settings = new ConsoleSettings(
                List.of(new AgentEndpoint("127.0.0.1", port)),
                64,
                42,
                Theme.WALL_DARK,
                false,
                Locale.US,
                null,
                null,
                profile);
        LocalStore store = LocalStore.open(profile).store();
        Set<String> touched = new HashSet<>();
        for (QueuedOperation q : new io.headroom.store.outbox.Outbox(store).recent(Integer.MAX_VALUE)) {
            touched.add(q.operation().hostname());
        }
        LiveFleet live = LiveFleet.start(settings, IdleThresholds.DEFAULTS, store);
        await("the agent's inventory and a first sample")
                .atMost(java.time.Duration.ofMinutes(2))
                .until(() -> live.fleet().layout().nodeCount() > 0
                        && live.fleet().current().nodeSampleTime(0) > 0);
        System.out.println("ready");
        System.out.flush();
        FleetLayout layout = live.fleet().layout();
        int queued = 0;
        for (int node = 0; node < layout.nodeCount() && queued < perRun; node++) {
            String host = layout.node(node).hostname();
            if (touched.contains(host)) {
                continue;
            }
            var operation = PendingOperation.create(
                    host,
                    new OperationAction.Drain(),
                    live.fleet().current().generation(node),
                    "kill-test",
                    "console killed during replay",
                    Clock.systemUTC());
            live.operations().submit(operation).get(30, TimeUnit.SECONDS);
            System.out.println("queued " + operation.idempotencyKey());
            System.out.flush();
            queued++;
        }
        System.out.println("all queued");
        System.out.flush();
        Thread.currentThread().join();
    }
}

package io.headroom.views.live;

import io.headroom.core.connection.AgentStatus;
import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetState;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleClassifier;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.util.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place live data crosses onto the FX thread, and the one fleet summary per refresh
 * that every page shares. Agent streams write the telemetry arrays on their own threads and
 * only bump a version; every animation frame this compares versions (the telemetry's and the
 * connection board's) and, when something moved, re-reads the arrays: at most eight times a
 * second however many batches arrived, and at least once a second with no news, because
 * staleness and ages move with the clock alone. No {@code Platform.runLater} per message, ever.
 *
 * <p>The summary, a pass over every GPU, is worked out off the FX thread: at a million GPUs it
 * takes 15 to 25 ms, more than a whole frame. A frame asks a worker for it and a later frame
 * (usually the next) hands it out; one is asked for at a time, so a slow summary makes
 * refreshes rarer rather than piling up. {@link #refreshNow()} still works it out at once.
 * Pages may have a pass over every GPU of their own done on the worker too ({@link FrameWork}),
 * after the summary, ready with the frame.
 *
 * <p>The timer runs only while some page is subscribed ({@link WhileShown}), so a console
 * with nothing live on screen costs nothing. Pacing uses the frame clock; what the data means
 * (stale or not) uses the injected {@link InstantSource}, so tests can hold domain time still
 * or jump it. FX thread only. The app makes one and hands it to every page.
 */
public final class FleetFeed {

    /**
     * A sample waits for the next refresh: up to this long, plus the refresh itself. At 250 ms
     * the sample-to-pixel p99 could not get under its 250 ms budget (the view benchmark
     * measured 270 ms); 125 ms leaves room, at twice the refresh work.
     */
    static final long MIN_GAP_NANOS = 125_000_000L;

    static final long MAX_GAP_NANOS = 1_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(FleetFeed.class);

    /** A summary worked out on the worker, with what the frame needs beside it. */
    private record Worked(
            long request, FleetTelemetry telemetry, FleetSummary summary, List<AgentStatus> agents, long nowMillis) {}

    private final FleetState fleet;
    private final IdleClassifier classifier;
    private final ConnectionBoard board;
    private final InstantSource clock;
    private final List<Consumer<FleetFrame>> sinks = new ArrayList<>();
    private final List<FrameWork> frameWork = new ArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long frameNanos) {
            pace(frameNanos);
        }
    };
    private FleetTelemetry lastTelemetry;
    private long lastVersion;
    private long lastBoardVersion;
    private long lastRefreshNanos;
    private boolean refreshedSinceStart;
    private FleetFrame latest;
    /**
     * The summary of the frame before the latest, whose state array the next summary is written
     * into: at a million GPUs a new 1 MB array per refresh is a humongous allocation for G1, and
     * eight a second set off a collection each (pauses up to 85 ms in the view benchmark).
     */
    private FleetSummary spare;
    /** Numbers the summaries asked for; one worked out for an older number than the latest is dropped. */
    private long request;

    private boolean working;
    private final AtomicReference<Worked> worked = new AtomicReference<>();
    /** One thread, started on the first refresh and gone after a minute without one, so a dropped feed leaves none. */
    private final ExecutorService worker = workerThread();

    /** A feed that knows no agent links: its frames carry none. */
    public FleetFeed(FleetState fleet, IdleClassifier classifier, InstantSource clock) {
        this(fleet, classifier, new ConnectionBoard(List.of()), clock);
    }

    /** A feed whose frames carry the agents' links too, refreshed when only those change. */
    public FleetFeed(FleetState fleet, IdleClassifier classifier, ConnectionBoard board, InstantSource clock) {
        this.fleet = fleet;
        this.classifier = classifier;
        this.board = board;
        this.clock = clock;
    }

    public IdleClassifier classifier() {
        return classifier;
    }

    /** The domain clock frames are judged by. */
    public InstantSource clock() {
        return clock;
    }

    /**
     * Hands {@code sink} every frame from now on, starting with the latest one if there is
     * one. Cancel the subscription when the view leaves the screen, or the feed keeps it.
     */
    public Subscription subscribe(Consumer<FleetFrame> sink) {
        sinks.add(sink);
        if (sinks.size() == 1) {
            refreshedSinceStart = false;
            timer.start();
        } else if (latest != null) {
            sink.accept(latest);
        }
        return () -> {
            if (sinks.remove(sink) && sinks.isEmpty()) {
                timer.stop();
            }
        };
    }

    /**
     * Has {@code work} done on the worker for every refresh from now on, after the summary; cancel
     * the subscription when the page leaves the screen. FX thread.
     */
    public Subscription addFrameWork(FrameWork work) {
        frameWork.add(work);
        return () -> frameWork.remove(work);
    }

    public int subscribers() {
        return sinks.size();
    }

    /** The last frame handed out, or null before the first. */
    public FleetFrame latest() {
        return latest;
    }

    /** Re-reads the fleet and hands the frame out now, on this thread; for first paint, snapshots and tests. */
    public FleetFrame refreshNow() {
        request++; // a summary still being worked out is older than this one: dropped when it comes
        FleetTelemetry telemetry = fleet.current();
        // Versions first: a batch published while we read is then seen as news next frame.
        lastTelemetry = telemetry;
        lastVersion = telemetry.version();
        lastBoardVersion = board.version();
        long now = clock.millis();
        // A fresh state array: a page may still hold the previous frame's (the heatmap paints it at the next layout).
        return handOut(new FleetFrame(telemetry, FleetSummary.of(telemetry, classifier, now), board.statuses(), now));
    }

    private FleetFrame handOut(FleetFrame frame) {
        // Every page took the frame before this one and is now given this one: its array is free.
        spare = latest == null ? null : latest.summary();
        latest = frame;
        // A copy: a view may subscribe or cancel while handling the frame.
        for (Consumer<FleetFrame> sink : List.copyOf(sinks)) {
            sink.accept(frame);
        }
        return frame;
    }

    private void pace(long frameNanos) {
        Worked done = worked.getAndSet(null);
        if (done != null) {
            working = false;
            if (done.request() == request && done.summary() != null) {
                handOut(new FleetFrame(done.telemetry(), done.summary(), done.agents(), done.nowMillis()));
            }
        }
        if (working) {
            return; // one summary at a time: a slow one makes refreshes rarer, never a queue
        }
        FleetTelemetry telemetry = fleet.current();
        boolean changed =
                telemetry != lastTelemetry || telemetry.version() != lastVersion || board.version() != lastBoardVersion;
        long sinceRefresh = frameNanos - lastRefreshNanos;
        if (!refreshedSinceStart || sinceRefresh >= MAX_GAP_NANOS || (changed && sinceRefresh >= MIN_GAP_NANOS)) {
            askForSummary(telemetry);
            lastRefreshNanos = frameNanos;
            refreshedSinceStart = true;
        }
    }

    /** Starts the summary of the fleet as it is now on the worker; a later frame hands it out. */
    private void askForSummary(FleetTelemetry telemetry) {
        lastTelemetry = telemetry;
        lastVersion = telemetry.version();
        lastBoardVersion = board.version();
        long now = clock.millis();
        List<AgentStatus> agents = board.statuses();
        long asked = ++request;
        working = true;
        FleetSummary reuse = spare;
        spare = null;
        List<FrameWork.Job> jobs = new ArrayList<>(frameWork.size());
        for (FrameWork work : frameWork) {
            FrameWork.Job job = work.prepare();
            if (job != null) {
                jobs.add(job);
            }
        }
        worker.execute(() -> {
            FleetSummary worked;
            try {
                worked = FleetSummary.of(telemetry, classifier, now, reuse);
            } catch (RuntimeException e) {
                // A bug, not bad data; the pages keep the last frame and the next refresh tries again.
                log.error("Could not summarise the fleet for the console's pages", e);
                worked = null;
            }
            for (FrameWork.Job job : worked == null ? List.<FrameWork.Job>of() : jobs) {
                try {
                    job.run(telemetry, worked, now);
                } catch (RuntimeException e) {
                    // The page works it out itself when the frame comes; the frame still goes out.
                    log.error("A page's work for the fleet's frame failed", e);
                }
            }
            this.worked.set(new Worked(asked, telemetry, worked, agents, now));
        });
    }

    private static ExecutorService workerThread() {
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "headroom-fleet-summary");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}

package io.headroom.views.bench;

import io.headroom.core.connection.ConnectionBoard;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.SampleBuffer;
import io.headroom.core.fleet.SchedulerState;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.heatmap.Colouring;
import io.headroom.views.overview.OverviewPage;
import java.lang.management.ManagementFactory;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Drives the real Overview page (the tiles and the fleet heatmap, as the wall shows
 * them) with 100,000 GPUs each sampled once a second, and measures what the view budgets (docs/architecture.md) are about:
 *
 * <ul>
 *   <li>frame time: FX-thread work per pulse, from the first animation timer (this
 *       benchmark's, started before the view's) to the end of layout; rendering, which Prism
 *       does on its own thread, is not in it, but a slow render shows in the pulse interval;
 *   <li>sample to pixel: for every sample, from its timestamp to the end of the pulse whose
 *       heatmap first painted it (the picture reaches the screen at that pulse's render);
 *   <li>heap: used heap after a full GC once warmed up and at the end.
 * </ul>
 *
 * Not a test: {@code java -jar bench/target/headroom-bench.jar views} starts it in a JVM of its own
 * (see docs/benchmarks/README.md and views.md). Arguments: minutes (default 5), GPUs (100,000), width, height,
 * zoom steps (0: the whole fleet, as the wall shows it; more: zoomed in around the middle with the controls shown, as
 * on a laptop), colouring ({@link Colouring}, STATE by default; UTILIZATION changes almost every cell every second).
 * With {@code -Dheadroom.views.snapshot=NAME.png} (through {@code JAVA_TOOL_OPTIONS} from {@code headroom-bench}) it
 * writes a picture of the page at the end of the measured minutes under {@code target/screenshots/}.
 */
public final class ViewBenchmark {

    private static final int WARM_UP_SECONDS = 30;
    private static final int FEED_SLICES = 10; // the fleet's samples arrive in ten batches a second

    private final int minutes;
    private final TestFleet fleet;
    private final int width;
    private final int height;
    private final int zoomSteps;
    private final Colouring colouring;
    private final LongSamples frameWork = new LongSamples();
    private final LongSamples pulseInterval = new LongSamples();
    private final int[] latencyMillis = new int[60_000];
    private long latencyCount;
    private long latencyOverflow;
    private long[] counted;
    private volatile boolean measuring;
    private long pulseStart;
    private long previousPulseStart;
    private long paintsSeen;

    private ViewBenchmark(int minutes, int gpus, int width, int height, int zoomSteps, Colouring colouring) {
        this.minutes = minutes;
        // Halls of 10 rows x 40 racks x 4 nodes x 8 GPUs = 12,800 GPUs each.
        int halls = Math.max(1, Math.round(gpus / 12_800f));
        this.fleet = TestFleet.of(halls, 10, 40, 4, 8, 0);
        this.width = width;
        this.height = height;
        this.zoomSteps = zoomSteps;
        this.colouring = colouring;
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int gpus = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 1920;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 1080;
        int zoomSteps = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Colouring colouring = args.length > 5 ? Colouring.valueOf(args[5].toUpperCase(Locale.ROOT)) : Colouring.STATE;
        new ViewBenchmark(minutes, gpus, width, height, zoomSteps, colouring).run();
        Platform.exit();
        System.exit(0);
    }

    private void run() throws Exception {
        FleetTelemetry telemetry = fleet.telemetry();
        int gpus = telemetry.layout().gpuCount();
        counted = new long[gpus];
        System.out.printf(
                Locale.ROOT,
                "view benchmark: %,d GPUs on %,d nodes, %dx%d, zoom steps %d, colouring %s, %d min after %d s warm-up,"
                        + " glass %s%n",
                gpus,
                telemetry.layout().nodeCount(),
                width,
                height,
                zoomSteps,
                colouring,
                minutes,
                WARM_UP_SECONDS,
                System.getProperty("glass.platform", "default"));
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        SampleFeed feed = new SampleFeed(telemetry);
        // Runs until feeder.shutdownNow() below; a failed tick would show as a stalled feed in the numbers.
        var unusedFeeding = feeder.scheduleAtFixedRate(feed::next, 0, 1000 / FEED_SLICES, TimeUnit.MILLISECONDS);

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        OverviewPage[] view = new OverviewPage[1];
        Scene[] shownScene = new Scene[1];
        CompletableFuture<Void> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            new AnimationTimer() { // started first, so it runs first in every pulse
                @Override
                public void handle(long now) {
                    pulseStart = System.nanoTime();
                }
            }.start();
            view[0] = new OverviewPage(
                    fleet.state,
                    new IdleClassifier(IdleThresholds.DEFAULTS),
                    new ConnectionBoard(List.of("bench:1")),
                    InstantSource.system(),
                    Locale.US);
            view[0].heatmap().setInteractive(zoomSteps > 0);
            view[0].heatmap().setColouring(colouring);
            Scene scene = new Scene(view[0], width, height);
            shownScene[0] = scene;
            scene.getStylesheets().setAll(Theme.WALL_DARK.stylesheet());
            scene.addPostLayoutPulseListener(() -> afterLayout(view[0], telemetry));
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            shown.complete(null);
        });
        shown.get();
        if (zoomSteps > 0) {
            Thread.sleep(2_000); // the first frames lay the plan out at the window's size
            long zoomStarted = System.nanoTime();
            callFx(() -> {
                view[0].heatmap().zoomAroundCentre(zoomSteps);
                return null;
            });
            System.out.printf(
                    Locale.ROOT,
                    "zoomed in %d steps to %.1fx in %.0f ms (FX thread)%n",
                    zoomSteps,
                    callFx(() -> view[0].heatmap().zoom()),
                    (System.nanoTime() - zoomStarted) / 1e6);
        }

        Thread.sleep(WARM_UP_SECONDS * 1000L);
        long heapBefore = heapAfterGc();
        measuring = true;
        long end = System.nanoTime() + minutes * 60_000_000_000L;
        for (int minute = 1; System.nanoTime() < end; minute++) {
            Thread.sleep(Math.min(60_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            System.out.printf(
                    Locale.ROOT,
                    "  minute %d: %,d frames, heap in use %,d MiB%n",
                    minute,
                    frameWork.size(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
        }
        measuring = false;
        String snapshot = System.getProperty("headroom.views.snapshot");
        if (snapshot != null) { // the page as the last frame left it, the feed still running
            Screenshots.write(callFx(() -> shownScene[0].snapshot(null)), snapshot);
            System.out.println(
                    "snapshot: " + Screenshots.DIRECTORY.resolve(snapshot).toAbsolutePath());
        }
        long heapAfter = heapAfterGc();
        feeder.shutdownNow();

        int[] cell = callFx(() -> view[0].heatmap().cellSize());
        System.out.println();
        System.out.println("| figure | p50 | p99 | max | budget |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| frame time, FX thread per pulse (ms) | %.2f | %.2f | %.2f | p99 < 16.7 |%n",
                frameWork.percentile(50) / 1e6,
                frameWork.percentile(99) / 1e6,
                frameWork.max() / 1e6);
        System.out.printf(
                Locale.ROOT,
                "| pulse interval (ms) | %.2f | %.2f | %.2f | |%n",
                pulseInterval.percentile(50) / 1e6,
                pulseInterval.percentile(99) / 1e6,
                pulseInterval.max() / 1e6);
        System.out.printf(
                Locale.ROOT,
                "| sample to pixel (ms) | %d | %d | %d | p99 < 250 |%n",
                latencyPercentile(50),
                latencyPercentile(99),
                latencyPercentile(100));
        System.out.printf(
                Locale.ROOT,
                "| heap after full GC (MiB), warmed up -> end | %,d | %,d | growth %+,d | no growth |%n",
                heapBefore >> 20,
                heapAfter >> 20,
                (heapAfter - heapBefore) >> 20);
        System.out.printf(
                Locale.ROOT,
                "%nframes %,d; samples painted %,d (%,d of them a minute or more late); GPU cells %dx%d px; "
                        + "samples written %,d%n",
                frameWork.size(),
                latencyCount,
                latencyOverflow,
                cell[0],
                cell[1],
                feed.written());
        boolean frames = frameWork.percentile(99) / 1e6 < 16.7;
        boolean latency = latencyPercentile(99) < 250;
        System.out.println((frames ? "PASS" : "MISS") + " frame time p99 under 16.7 ms");
        System.out.println((latency ? "PASS" : "MISS") + " sample-to-pixel p99 under 250 ms");
        System.out.printf(
                Locale.ROOT,
                "%s heap growth over %d min: %+,d MiB%n",
                heapAfter - heapBefore < (16L << 20) ? "PASS" : "MISS",
                minutes,
                (heapAfter - heapBefore) >> 20);
    }

    /** Runs on the FX thread at the end of each pulse's layout. */
    private void afterLayout(OverviewPage view, FleetTelemetry telemetry) {
        long end = System.nanoTime();
        if (!measuring) {
            previousPulseStart = pulseStart;
            paintsSeen = view.heatmap().paintCount();
            Arrays.fill(counted, System.currentTimeMillis());
            return;
        }
        frameWork.add(end - pulseStart);
        if (previousPulseStart != 0) {
            pulseInterval.add(pulseStart - previousPulseStart);
        }
        previousPulseStart = pulseStart;
        long paints = view.heatmap().paintCount();
        if (paints == paintsSeen) {
            return;
        }
        paintsSeen = paints;
        // Every sample newer than the last one counted for its GPU, and not newer than the frame
        // painted (the feed keeps writing while this runs), was painted by this pulse.
        long nowMillis = System.currentTimeMillis();
        long paintedAt = view.heatmap().paintedAtMillis();
        for (int slot = 0; slot < counted.length; slot++) {
            long sampled = telemetry.sampleTime(slot);
            if (sampled > counted[slot] && sampled <= paintedAt) {
                counted[slot] = sampled;
                long latency = nowMillis - sampled;
                if (latency >= 0 && latency < latencyMillis.length) {
                    latencyMillis[(int) latency]++;
                } else {
                    latencyOverflow++;
                }
                latencyCount++;
            }
        }
    }

    private int latencyPercentile(double p) {
        long target = (long) Math.ceil(latencyCount * p / 100.0);
        long seen = 0;
        for (int ms = 0; ms < latencyMillis.length; ms++) {
            seen += latencyMillis[ms];
            if (seen >= target && seen > 0) {
                return ms;
            }
        }
        return latencyMillis.length;
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static <T> T callFx(java.util.concurrent.Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    /**
     * Writes a tenth of the fleet's nodes every 100 ms, each GPU with a fresh timestamp, like
     * a client decoding agent batches: a day/night mix of busy, held-idle and free GPUs.
     */
    private static final class SampleFeed {
        private final FleetTelemetry telemetry;
        private final SampleBuffer sample = new SampleBuffer();
        private final SplittableRandom random = new SplittableRandom(42);
        private int slice;
        private long written;

        SampleFeed(FleetTelemetry telemetry) {
            this.telemetry = telemetry;
        }

        void next() {
            var layout = telemetry.layout();
            int nodes = layout.nodeCount();
            int from = nodes * slice / FEED_SLICES;
            int to = nodes * (slice + 1) / FEED_SLICES;
            slice = (slice + 1) % FEED_SLICES;
            int samples = 0;
            for (int node = from; node < to; node++) {
                long now = System.currentTimeMillis();
                boolean allocated = node % 10 < 7;
                for (int slot = layout.firstGpuSlot(node); slot < layout.endGpuSlot(node); slot++) {
                    sample.clear();
                    sample.timeMillis = now;
                    float util = allocated ? (node % 10 == 6 ? 1 : 60 + random.nextInt(40)) : 0;
                    sample.utilizationPct = util;
                    sample.smActivePct = util;
                    sample.memoryUsedMib = allocated ? 40_000 + random.nextInt(40_000) : 500;
                    sample.powerW = 80 + util * 6;
                    sample.powerLimitW = 700;
                    sample.gpuTempC = 30 + util / 2;
                    sample.memoryTempC = 35 + util / 2;
                    sample.smClockMhz = 1980;
                    sample.allocated = allocated;
                    telemetry.writeAccelerator(slot, sample);
                    samples++;
                }
                telemetry.writeNode(node, now, allocated ? SchedulerState.ALLOCATED : SchedulerState.IDLE, 1);
            }
            telemetry.publish(samples);
            written += samples;
        }

        long written() {
            return written;
        }
    }

    /** Nanosecond figures kept whole, sorted for percentiles at the end. */
    private static final class LongSamples {
        private long[] values = new long[1 << 16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        long percentile(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(size - 1, Math.ceil(size * p / 100.0) - 1)];
        }

        long max() {
            return percentile(100);
        }
    }
}

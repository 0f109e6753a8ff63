package io.headroom.views.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.TestFleet;
import io.headroom.core.idle.IdleClassifier;
import io.headroom.core.idle.IdleState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.util.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The feed's frames while its summaries are worked out off the FX thread, fed from another thread. */
@ExtendWith(ApplicationExtension.class)
class FleetFeedTest {

    private static final long NOW = 1_760_000_000_000L;

    private final AtomicLong clockMillis = new AtomicLong(NOW);
    private final InstantSource clock = () -> Instant.ofEpochMilli(clockMillis.get());
    private final TestFleet fleet = TestFleet.of(1, 1, 2, 2, 8, 0);
    private final FleetFeed feed = new FleetFeed(fleet.state, new IdleClassifier(IdleThresholds.DEFAULTS), clock);

    /** What a page saw of each frame when it was handed out, and the frame itself. */
    // The copy of the states is the point: compared later with the array the frame still holds.
    @SuppressWarnings("ArrayRecordComponent")
    private record Seen(FleetFrame frame, byte[] statesThen, boolean onFxThread) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private Subscription subscribe() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> feed.subscribe(frame -> seen.add(
                        new Seen(frame, frame.summary().gpuStates().clone(), Platform.isFxApplicationThread()))))
                .get(5, TimeUnit.SECONDS);
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }

    @Test
    void framesFollowSamplesWrittenOnAnotherThreadAndArriveOnTheFxThread() throws Exception {
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, NOW);
        }
        Subscription subscription = subscribe();
        waitFor(() -> !seen.isEmpty() && seen.getLast().frame().summary().gpus(IdleState.BUSY) == 32);

        fleet.freeIdle(1, NOW); // as an agent stream would: on its own thread, then publish
        waitFor(() -> seen.getLast().frame().summary().gpus(IdleState.FREE_IDLE) == 8);

        assertThat(seen).allMatch(Seen::onFxThread);
        assertThat(seen.getLast().frame().summary().gpus(IdleState.BUSY)).isEqualTo(24);
        WaitForAsyncUtils.asyncFx(subscription::unsubscribe).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theNextSummaryIsNeverWrittenIntoTheFramePagesAreShowing() throws Exception {
        Subscription subscription = subscribe();
        waitFor(() -> !seen.isEmpty());
        // Every GPU changes state between frames: a summary written into the array of the frame before would show.
        for (int round = 0; round < 6; round++) {
            long at = NOW + round * 1_000L;
            clockMillis.set(at);
            for (int node = 0; node < 4; node++) {
                if (round % 2 == 0) {
                    fleet.busy(node, at);
                } else {
                    fleet.freeIdle(node, at);
                }
            }
            int before = seen.size();
            waitFor(() -> seen.size() > before && seen.getLast().frame().nowMillis() >= at);
            // The frame before this one: pages were showing it while this one was worked out.
            Seen previous = seen.get(seen.size() - 2);
            assertThat(previous.frame().summary().gpuStates())
                    .as("round %d: the previous frame's states as handed out", round)
                    .isEqualTo(previous.statesThen());
        }
        WaitForAsyncUtils.asyncFx(subscription::unsubscribe).get(5, TimeUnit.SECONDS);
    }

    @Test
    @SuppressWarnings("ReferenceEquality") // the very frame refreshNow handed out
    void refreshNowHandsOutAtOnceAndAnOlderSummaryStillComingIsDropped() throws Exception {
        for (int node = 0; node < 4; node++) {
            fleet.busy(node, NOW);
        }
        Subscription subscription = subscribe();
        waitFor(() -> !seen.isEmpty());
        fleet.freeIdle(0, NOW);
        FleetFrame now = WaitForAsyncUtils.asyncFx(feed::refreshNow).get(5, TimeUnit.SECONDS);
        assertThat(now.summary().gpus(IdleState.FREE_IDLE)).isEqualTo(8);
        assertThat(seen.getLast().frame()).isSameAs(now);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS); // a few pulses: frames keep coming, none older
        for (int i = seen.indexOf(
                        seen.stream().filter(s -> s.frame() == now).findFirst().orElseThrow());
                i < seen.size();
                i++) {
            assertThat(seen.get(i).frame().summary().gpus(IdleState.FREE_IDLE)).isEqualTo(8);
        }
        WaitForAsyncUtils.asyncFx(subscription::unsubscribe).get(5, TimeUnit.SECONDS);
    }

    @Test
    @SuppressWarnings("ReferenceEquality") // the very summary the job worked on
    void aPagesFrameWorkRunsOnTheWorkerWithTheFramesSummaryBeforeTheFrameComes() throws Exception {
        fleet.busy(0, NOW);
        List<io.headroom.core.idle.FleetSummary> worked = new CopyOnWriteArrayList<>();
        List<Boolean> workedOnFx = new CopyOnWriteArrayList<>();
        List<Boolean> preparedOnFx = new CopyOnWriteArrayList<>();
        FrameWork work = () -> {
            preparedOnFx.add(Platform.isFxApplicationThread());
            return (telemetry, summary, nowMillis) -> {
                workedOnFx.add(Platform.isFxApplicationThread());
                worked.add(summary);
            };
        };
        Subscription added =
                WaitForAsyncUtils.asyncFx(() -> feed.addFrameWork(work)).get(5, TimeUnit.SECONDS);
        Subscription subscription = subscribe();
        waitFor(() -> seen.size() >= 2);

        // Every frame handed out from the worker had its job run first, on the worker, with its very summary.
        for (Seen frame : seen) {
            assertThat(worked).anyMatch(summary -> summary == frame.frame().summary());
        }
        assertThat(workedOnFx).isNotEmpty().doesNotContain(true);
        assertThat(preparedOnFx).isNotEmpty().doesNotContain(false);

        WaitForAsyncUtils.asyncFx(added::unsubscribe).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS); // a job asked for before may still finish
        int jobs = worked.size();
        int frames = seen.size();
        clockMillis.addAndGet(2_000);
        fleet.busy(1, NOW + 2_000);
        waitFor(() -> seen.size() > frames + 1);
        assertThat(worked).as("no job once the work is removed").hasSize(jobs);
        WaitForAsyncUtils.asyncFx(subscription::unsubscribe).get(5, TimeUnit.SECONDS);
    }
}

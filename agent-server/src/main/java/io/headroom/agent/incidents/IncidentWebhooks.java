package io.headroom.agent.incidents;

import io.headroom.agent.reclaim.SendOutcome;
import io.headroom.agent.reclaim.Webhook;
import io.headroom.agent.reclaim.WebhookSender;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends incident openings and resolutions to the chat groups: one lane per webhook, each a bounded
 * queue and a thread of its own, so a slow or failing robot holds up neither the others nor the
 * sampling that offers to it. A lane sends at most one message per {@code minGap} (the robots
 * refuse more than about 20 a minute) through the held-idle notices' sender, with its retries and
 * backoff. A full queue drops the new message, counted ({@code queue_full} in the sender's counts,
 * so on {@code /metrics}) and named in the log: never silently.
 */
public final class IncidentWebhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IncidentWebhooks.class);

    /** Queue length and pace of each lane. */
    public record Limits(int queueCapacity, Duration minGap) {
        /** 20 messages a minute, the robots' own limit; an hour of a busy site's openings queued. */
        public static final Limits DEFAULT = new Limits(256, Duration.ofSeconds(3));

        public Limits {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("the queue must hold at least one message, not " + queueCapacity);
            }
        }
    }

    private final List<Lane> lanes = new ArrayList<>();
    private final WebhookSender sender;

    /**
     * Starts a lane per webhook.
     *
     * @throws IllegalArgumentException a webhook over plain HTTP to another machine when that is not allowed
     */
    public IncidentWebhooks(
            List<Webhook> webhooks,
            boolean allowPlainHttp,
            WebhookSender sender,
            Limits limits,
            WebhookSender.Pause pause,
            InstantSource clock) {
        for (Webhook webhook : webhooks) {
            PlainHttp.check(webhook, allowPlainHttp);
        }
        this.sender = sender;
        for (Webhook webhook : webhooks) {
            lanes.add(new Lane(webhook, limits, pause, clock));
        }
        lanes.forEach(Lane::start);
    }

    /** Queues the message for every webhook; never blocks. Returns how many lanes took it. */
    public int offer(IncidentNotice notice) {
        int taken = 0;
        for (Lane lane : lanes) {
            taken += lane.offer(notice) ? 1 : 0;
        }
        return taken;
    }

    /** Messages dropped because a lane's queue was full, by webhook name. */
    public Map<String, Long> drops() {
        Map<String, Long> drops = new TreeMap<>();
        lanes.forEach(lane -> drops.put(lane.webhook.name(), lane.dropped.sum()));
        return drops;
    }

    /**
     * What is wrong now, one line a webhook, for the agent's health: the last failed send (until
     * one succeeds) and the drops so far. Empty when all is well.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Lane lane : lanes) {
            String failure = lane.lastFailure.get();
            long dropped = lane.dropped.sum();
            if (failure != null || dropped > 0) {
                problems.add("incident webhook " + lane.webhook + ": "
                        + (failure != null ? "last send failed: " + failure : "sending")
                        + (dropped > 0 ? "; " + dropped + " messages dropped (queue full)" : ""));
            }
        }
        return problems;
    }

    /** Messages waiting, all lanes together. */
    public int queued() {
        return lanes.stream().mapToInt(lane -> lane.queue.size()).sum();
    }

    /** Stops the lanes; what is still queued is logged as lost, by count. */
    @Override
    public void close() {
        lanes.forEach(Lane::stop);
    }

    private final class Lane {
        final Webhook webhook;
        final BlockingQueue<IncidentNotice> queue;
        final LongAdder dropped = new LongAdder();
        final AtomicReference<String> lastFailure = new AtomicReference<>();
        private final Limits limits;
        private final WebhookSender.Pause pause;
        private final InstantSource clock;
        private final Thread thread;
        private long lastSentMillis = Long.MIN_VALUE;

        Lane(Webhook webhook, Limits limits, WebhookSender.Pause pause, InstantSource clock) {
            this.webhook = webhook;
            this.queue = new ArrayBlockingQueue<>(limits.queueCapacity());
            this.limits = limits;
            this.pause = pause;
            this.clock = clock;
            this.thread = Thread.ofPlatform()
                    .daemon()
                    .name("incident-webhook-" + webhook.name())
                    .unstarted(this::run);
        }

        void start() {
            thread.start();
        }

        boolean offer(IncidentNotice notice) {
            if (queue.offer(notice)) {
                return true;
            }
            dropped.increment();
            sender.counts().count(webhook.name(), false, "queue_full");
            log.warn(
                    "dropped {} for {}: its queue of {} is full ({} dropped so far)",
                    notice.about(),
                    webhook,
                    limits.queueCapacity(),
                    dropped.sum());
            return false;
        }

        private void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    IncidentNotice notice = queue.take();
                    long gap = limits.minGap().toMillis();
                    long since = clock.millis() - lastSentMillis;
                    if (lastSentMillis != Long.MIN_VALUE && since < gap) {
                        pause.pause(Duration.ofMillis(gap - since));
                    }
                    SendOutcome outcome = sender.send(webhook, notice);
                    lastSentMillis = clock.millis();
                    lastFailure.set(outcome.sent() ? null : outcome.message());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!queue.isEmpty()) {
                log.warn("{} incident messages for {} not sent: the agent is stopping", queue.size(), webhook);
            }
        }
    }
}

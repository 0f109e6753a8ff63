package io.headroom.agent.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.headroom.protocol.v1.AgentGrpc;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execute calls per {@link CallerKey} (an identity, or an address; never a name the client
 * chooses): a token bucket each, so one client flooding the agent
 * with operations gets RESOURCE_EXHAUSTED (with the limit and when to try again) while other
 * callers' operations and every telemetry stream carry on. A console's outbox treats
 * RESOURCE_EXHAUSTED as "try again later", so a refused operation stays queued, not lost.
 *
 * <p>Only Execute is limited: streams and inventory are cheap to serve and flow controlled.
 * At most {@link #TRACKED_CALLERS} callers are remembered (the least recently seen are
 * forgotten), so a flood from many addresses cannot grow the agent's memory.
 */
public final class ExecuteRateLimit implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ExecuteRateLimit.class);

    /** A console drains a rack as 8 operations at once; a burst of 20 and 5 a second leave room for several. */
    public static final Settings DEFAULTS = new Settings(20, 5);

    static final int TRACKED_CALLERS = 4096;
    private static final String EXECUTE = AgentGrpc.getExecuteMethod().getFullMethodName();

    /**
     * How many Execute calls one caller may make.
     *
     * @param burst     calls a caller may make at once
     * @param perSecond calls a caller may make per second after the burst
     */
    public record Settings(int burst, double perSecond) {
        public Settings {
            if (burst < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("a rate limit needs a burst of at least 1 and a positive rate");
            }
        }
    }

    private final Settings settings;
    private final BiFunction<ServerCall<?, ?>, Metadata, String> callers;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > TRACKED_CALLERS;
        }
    };
    private final Map<String, Long> refusedSinceLogged = new LinkedHashMap<>();
    private long refused;

    public ExecuteRateLimit(Settings settings) {
        this(settings, CallerKey::of, System::nanoTime);
    }

    ExecuteRateLimit(Settings settings, BiFunction<ServerCall<?, ?>, Metadata, String> callers, LongSupplier nanoTime) {
        this.settings = settings;
        this.callers = callers;
        this.nanoTime = nanoTime;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!EXECUTE.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        String caller = callers.apply(call, headers);
        long waitNanos = take(caller);
        if (waitNanos == 0) {
            // The service counts the caller's refusals against its audit budget by the same key.
            Context counted =
                    Context.current().withValue(CallerKey.KEY, caller).withValue(CallerKey.PEER, CallerKey.peer(call));
            return Contexts.interceptCall(counted, call, headers, next);
        }
        long waitMs = Math.max(1, Duration.ofNanos(waitNanos).toMillis());
        call.close(
                Status.RESOURCE_EXHAUSTED.withDescription("too many operations from " + caller + ": at most "
                        + settings.burst() + " at once and " + rate() + " a second; try again in " + waitMs + " ms"),
                new Metadata());
        return new ServerCall.Listener<>() {};
    }

    /**
     * Takes one token from the caller's bucket.
     *
     * @return 0 when the caller may go ahead, else how long until it may
     */
    synchronized long take(String caller) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(caller, c -> new Bucket(settings.burst(), now));
        double tokens =
                Math.min(settings.burst(), bucket.tokens + (now - bucket.filledAt) / 1e9 * settings.perSecond());
        bucket.filledAt = now;
        if (tokens >= 1) {
            bucket.tokens = tokens - 1;
            if (refusedSinceLogged.containsKey(caller)) {
                log.warn(
                        "refused {} operations from {} over its rate limit; it is within the limit again",
                        refusedSinceLogged.remove(caller),
                        caller);
            }
            return 0;
        }
        bucket.tokens = tokens;
        refused++;
        // One line when a caller starts being refused and one when it stops, not one per call.
        if (refusedSinceLogged.merge(caller, 1L, Long::sum) == 1 && refusedSinceLogged.size() <= TRACKED_CALLERS) {
            log.warn(
                    "{} is over its rate limit of {} operations at once and {} a second; refusing its operations "
                            + "with RESOURCE_EXHAUSTED until it slows down",
                    caller,
                    settings.burst(),
                    rate());
        }
        if (refusedSinceLogged.size() > TRACKED_CALLERS) {
            refusedSinceLogged.remove(refusedSinceLogged.keySet().iterator().next());
        }
        return (long) ((1 - tokens) / settings.perSecond() * 1e9);
    }

    private String rate() {
        double r = settings.perSecond();
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    /** Execute calls refused so far, for tests and the log. */
    public synchronized long refused() {
        return refused;
    }

    /** Callers remembered now: never more than {@value #TRACKED_CALLERS}. */
    public synchronized int trackedCallers() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long filledAt;

        Bucket(double tokens, long filledAt) {
            this.tokens = tokens;
            this.filledAt = filledAt;
        }
    }
}

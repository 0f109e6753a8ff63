package io.headroom.views.node;

import io.headroom.core.history.PastMinutes;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a node's recent minutes off the FX thread and leaves the answer for the next refresh to
 * take: no {@code runLater}, the page picks it up in the pulse it paints anyway. Only the answer
 * to the latest question is taken; one for a node no longer shown is dropped.
 */
final class PastReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PastReader.class);

    /** What came back for one question: the minutes, or why there are none. */
    record Answer(long question, PastMinutes minutes, String failure) {}

    private final NodePast past;
    private final Executor given;
    private ExecutorService own;
    private final AtomicReference<Answer> answer = new AtomicReference<>();

    /** @param executor where to read; null for a thread of its own, started on the first question */
    PastReader(NodePast past, Executor executor) {
        this.past = past;
        this.given = executor;
    }

    // NONE is the one "no history" sentinel: a lambda has no value equality to compare by
    @SuppressWarnings("ReferenceEquality")
    boolean reads() {
        return past != NodePast.NONE;
    }

    /** Asks for the minutes [fromMinute, toMinute) of a server's accelerators; {@code question} tags the answer. */
    void ask(long question, String hostname, List<String> uuids, long fromMinute, long toMinute) {
        executor().execute(() -> {
            Answer a;
            try {
                a = new Answer(question, past.minutes(hostname, uuids, fromMinute, toMinute), null);
            } catch (Exception e) {
                log.warn("could not read the last minutes of {}: {}", hostname, e.toString());
                a = new Answer(
                        question, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            answer.set(a);
        });
    }

    /** The answer that came in since the last call, or null. */
    Answer take() {
        return answer.getAndSet(null);
    }

    private Executor executor() {
        if (given != null) {
            return given;
        }
        if (own == null) {
            own = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("server-page-history").factory());
        }
        return own;
    }

    @Override
    public void close() {
        if (own != null) {
            own.shutdownNow();
        }
    }
}

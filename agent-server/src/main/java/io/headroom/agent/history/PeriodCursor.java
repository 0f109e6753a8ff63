package io.headroom.agent.history;

import io.headroom.protocol.v1.HistoryGap;
import java.io.IOException;
import java.util.List;

/**
 * The rows of one period at a time, so that an answer over 100k GPUs for a month never sits in
 * memory whole. Not thread-safe: one reader.
 */
public interface PeriodCursor extends AutoCloseable {

    /** The next period that has rows (each row whole, in key order), or null when there is none. */
    List<AcceleratorRow> next() throws IOException;

    /**
     * The stretches of the range this source kept nothing for, with the reason; complete once
     * {@link #next()} has returned null.
     */
    List<HistoryGap> gaps();

    @Override
    void close();
}

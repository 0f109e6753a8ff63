package io.headroom.core.history;

import java.util.List;

/**
 * Where a console keeps the history it fills from its agents (its local store), as the backfill
 * sees it: which periods it lacks from one source, and a way to put one whole period in. Writing
 * a period twice leaves it as written once, so a backfill cut off part-way can simply go on.
 */
public interface HistoryArchive {

    /**
     * The periods (counted from the epoch) in [fromPeriod, toPeriod) that the archive has neither
     * kept itself nor received whole from {@code source}, in order.
     */
    long[] missing(String source, HistoryTier tier, long fromPeriod, long toPeriod) throws ArchiveException;

    /**
     * Stores one whole period from {@code source} and records it as received, in one step.
     *
     * @return how many of the rows named an accelerator the archive does not know (not stored)
     */
    int write(String source, HistoryTier tier, long period, List<AcceleratorPeriod> rows) throws ArchiveException;

    /**
     * Stores one whole hour of group rows (every hall, rack, pool and tenant {@code source}
     * answered for) and records it as received, in one step. Writing an hour twice from one source
     * leaves it as written once; rows of one group from several sources add up.
     *
     * @return how many rows were left out (no group name, or no known second in them)
     */
    int writeGroups(String source, long hour, List<GroupPeriod> rows) throws ArchiveException;

    /** After a run of writes: brings what the archive derives from these periods (days, say) up to date. */
    void settle(String source, HistoryTier tier, long fromPeriod, long toPeriod) throws ArchiveException;

    /** The archive could not be read or written; the message says what and why. */
    final class ArchiveException extends Exception {
        private static final long serialVersionUID = 1L;

        public ArchiveException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

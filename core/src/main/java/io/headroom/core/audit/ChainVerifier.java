package io.headroom.core.audit;

/**
 * Walks an audit trail record by record, oldest first, and stops at the first record that
 * was changed, is missing, or is out of place. Feed it with {@link #accept}; ask {@link #verdict}.
 *
 * <p>Each record is checked twice: its own hash against its fields (a change made without
 * recomputing the hash), and its stored previous hash against the record before it (a record
 * removed, reordered, or changed with its hash recomputed).
 */
public final class ChainVerifier {

    private long count;
    private long lastNumber;
    private String lastHash = AuditChain.GENESIS;
    private ChainVerdict.Broken broken;

    /**
     * Checks the next record against the chain so far.
     *
     * @return false once the trail is broken; later records are not looked at
     */
    public boolean accept(ChainedRecord record) {
        if (broken != null) {
            return false;
        }
        if (!isHash(record.previousHash()) || !isHash(record.hash())) {
            return fail(record.number(), "its hashes are missing or unreadable");
        }
        String recomputed = AuditChain.link(record.previousHash(), record.fields());
        if (!recomputed.equals(record.hash())) {
            return fail(
                    record.number(),
                    "the record was changed after it was written (its content no longer matches its hash)");
        }
        if (!record.previousHash().equals(lastHash)) {
            if (count == 0) {
                return fail(
                        record.number(),
                        record.number() > 1
                                ? "records before it are missing (the trail must start at the first record)"
                                : "it does not start the trail (its link to a previous record is not the start of a trail)");
            }
            if (record.number() > lastNumber + 1) {
                return fail(
                        lastNumber + 1,
                        (record.number() - lastNumber - 1 == 1
                                        ? "it is missing"
                                        : "it and the records up to " + (record.number() - 1) + " are missing")
                                + " (record " + lastNumber + " is followed by record " + record.number() + ")");
            }
            if (record.number() <= lastNumber) {
                return fail(record.number(), "it is out of order: it comes after record " + lastNumber);
            }
            return fail(
                    record.number(),
                    "it does not follow record " + lastNumber + ": record " + lastNumber
                            + " was changed or replaced, or records were reordered");
        }
        count++;
        lastNumber = record.number();
        lastHash = record.hash();
        return true;
    }

    private static boolean isHash(String text) {
        return text != null
                && text.length() == 64
                && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private boolean fail(long number, String problem) {
        broken = new ChainVerdict.Broken(number, problem);
        return false;
    }

    /** Records removed from the end leave a consistent chain: compare with where the trail says it ended. */
    public void expectEnd(long lastRecord, String expectedLastHash) {
        if (broken != null) {
            return;
        }
        if (lastRecord > lastNumber) {
            broken = new ChainVerdict.Broken(
                    lastNumber + 1,
                    (lastRecord == lastNumber + 1
                                    ? "it is missing"
                                    : "it and the records up to " + lastRecord + " are missing")
                            + " from the end of the trail (the trail's head says it ends at record " + lastRecord
                            + ")");
        } else if (lastRecord == lastNumber && !expectedLastHash.equals(lastHash)) {
            broken = new ChainVerdict.Broken(lastNumber, "it is not the record the trail's head recorded as its last");
        }
    }

    public ChainVerdict verdict() {
        return broken != null ? broken : new ChainVerdict.Intact(count, lastHash);
    }
}

package io.headroom.core.audit;

/** Whether an audit trail is as it was written, and if not, where it first breaks. */
public sealed interface ChainVerdict {

    /** One line for the status bar, the operations page and the verify commands. */
    String describe();

    /**
     * Every record links to the one before it and hashes to what was written with it.
     *
     * @param records  how many records were checked
     * @param lastHash the newest record's hash (GENESIS for an empty trail): note it somewhere
     *                 else to catch later removal of records from the end
     */
    record Intact(long records, String lastHash) implements ChainVerdict {
        @Override
        public String describe() {
            return "audit trail verifies: " + records + (records == 1 ? " record" : " records")
                    + (records == 0 ? "" : ", last hash " + lastHash.substring(0, 16) + "…");
        }
    }

    /**
     * The trail is broken.
     *
     * @param record  the number of the first record that does not check out (for records missing
     *                from the end: the first one missing)
     * @param problem what is wrong there, in words
     */
    record Broken(long record, String problem) implements ChainVerdict {
        @Override
        public String describe() {
            return "audit trail broken at record " + record + ": " + problem;
        }
    }
}

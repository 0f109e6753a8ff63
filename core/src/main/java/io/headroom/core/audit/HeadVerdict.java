package io.headroom.core.audit;

/** What one reading of an agent's signed audit head showed, against the head kept before it. */
public sealed interface HeadVerdict {

    /** One line for the operations page and the log. */
    String describe();

    /** Whether the trail can still be trusted as far as heads can tell. */
    default boolean trusted() {
        return true;
    }

    /** No head was kept for this agent before: this one is kept from now on. */
    record FirstSeen(long record) implements HeadVerdict {
        @Override
        public String describe() {
            return "first head seen: record " + record;
        }
    }

    /** The trail went on (or stayed) from the record kept. */
    record WentOn(long fromRecord, long toRecord) implements HeadVerdict {
        @Override
        public String describe() {
            return fromRecord == toRecord
                    ? "unchanged at record " + toRecord
                    : "went on from record " + fromRecord + " to " + toRecord;
        }
    }

    /** The trail was cut short, rewritten at the record kept, or re-keyed. */
    record Rewritten(String problem) implements HeadVerdict {
        @Override
        public String describe() {
            return problem;
        }

        @Override
        public boolean trusted() {
            return false;
        }
    }

    /** The head's signature does not verify. */
    record Forged(String problem) implements HeadVerdict {
        @Override
        public String describe() {
            return problem;
        }

        @Override
        public boolean trusted() {
            return false;
        }
    }
}

package io.headroom.agent.audit;

import io.headroom.core.audit.ChainVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an agent's audit trail, one file or several in order (a file and the ones logrotate
 * moved aside before it), and reports every place it breaks, each with its file and line: a
 * line that is not strictly one record as the agent writes it ({@link AuditLine}), a record
 * changed after it was written, records missing, moved or added, and, against a head noted
 * elsewhere or kept beside the file, records cut from the end or forged after it.
 */
public final class AuditFileVerifier {

    /** One place the trail breaks. {@code record} is the number of the first record that does not check out. */
    public record Break(Path file, int line, long record, String problem) {
        public String describe() {
            return file + " line " + line + ": audit trail broken at record " + record + ": " + problem;
        }
    }

    /**
     * What the check found.
     *
     * @param records        records read
     * @param end            the last record's number and hash (0 and GENESIS for an empty trail)
     * @param breaks         every place the trail breaks, in order
     * @param notes          what is not a break but worth saying (a new segment, a missing line end)
     * @param startsMidTrail the first file begins with a segment that continues a file not given
     * @param headChecked    the end was compared with a head (given, or kept beside the file) and matches
     * @param signaturesChecked every record's signature was checked with the public key given, and verifies
     */
    public record Report(
            long records,
            AuditHead end,
            List<Break> breaks,
            List<String> notes,
            boolean startsMidTrail,
            boolean headChecked,
            boolean signaturesChecked) {
        public boolean intact() {
            return breaks.isEmpty();
        }
    }

    private AuditFileVerifier() {}

    /** The first break of one file, checked against the head beside it when there is one, as the console shows it. */
    public static ChainVerdict verify(Path file) throws IOException {
        Report report = check(List.of(file), Optional.empty(), true);
        if (report.intact()) {
            return new ChainVerdict.Intact(report.records(), report.end().hash());
        }
        Break first = report.breaks().getFirst();
        return new ChainVerdict.Broken(first.record(), first.problem());
    }

    /**
     * Checks the trail in {@code files} and, when given or kept beside the last file, its end against a head.
     *
     * @param files      the trail's files, oldest first
     * @param expected   a head noted elsewhere, which the trail must end at
     * @param headBeside also compare with the head the agent keeps beside the last file, when it is there
     * @throws IOException a file cannot be read at all
     */
    public static Report check(List<Path> files, Optional<AuditHead> expected, boolean headBeside) throws IOException {
        return check(files, expected, headBeside, Optional.empty());
    }

    /**
     * As above, and every record's signature checked with {@code publicKey}: the agent's, kept elsewhere.
     *
     * @throws IOException a file cannot be read at all
     */
    public static Report check(
            List<Path> files, Optional<AuditHead> expected, boolean headBeside, Optional<PublicKey> publicKey)
            throws IOException {
        Optional<AuditHead> beside = headBeside ? AuditHead.read(files.getLast()) : Optional.empty();
        var walk = new Walk(expected, beside, publicKey.orElse(null));
        for (Path file : files) {
            walk.file(file, Files.readAllBytes(file));
        }
        boolean checked = false;
        if (expected.isPresent()) {
            checked = walk.endsAt(expected.get(), "head given (--expect-head)", files.getLast());
        }
        if (beside.isPresent()) {
            boolean matches =
                    walk.endsAt(beside.get(), "head beside it (" + AuditHead.beside(files.getLast()) + ")", null);
            if (!matches && walk.oneAfter(beside.get())) {
                // The agent may have written a record and not yet its head: read the head once more.
                sleep();
                Optional<AuditHead> again = AuditHead.read(files.getLast());
                if (again.isPresent() && !again.get().equals(beside.get()) && walk.endsAt(again.get(), "", null)) {
                    matches = true;
                }
            }
            if (!matches) {
                walk.endsAt(
                        beside.get(), "head beside it (" + AuditHead.beside(files.getLast()) + ")", files.getLast());
            }
            checked |= matches;
        }
        return new Report(
                walk.count,
                new AuditHead(walk.lastNumber, walk.lastHash),
                List.copyOf(walk.breaks),
                List.copyOf(walk.notes),
                walk.startsMidTrail,
                checked && walk.breaks.isEmpty(),
                publicKey.isPresent() && walk.breaks.isEmpty());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The walk along the trail, record by record, going on after each break from the record that broke it. */
    private static final class Walk {
        private final List<AuditHead> heads = new ArrayList<>();
        private final List<String> hashAtHead = new ArrayList<>();
        final List<Break> breaks = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        long count;
        long lastNumber;
        String lastHash = io.headroom.core.audit.AuditChain.GENESIS;
        boolean started;
        boolean startsMidTrail;
        private Path file;
        private int line;

        private final PublicKey publicKey;

        Walk(Optional<AuditHead> expected, Optional<AuditHead> beside, PublicKey publicKey) {
            this.publicKey = publicKey;
            expected.ifPresent(heads::add);
            beside.ifPresent(heads::add);
            heads.forEach(h -> hashAtHead.add(null));
        }

        void file(Path file, byte[] content) {
            this.file = file;
            int start = 0;
            line = 0;
            while (start < content.length) {
                int end = start;
                while (end < content.length && content[end] != '\n') {
                    end++;
                }
                line++;
                boolean terminated = end < content.length;
                AuditLine.Parsed parsed = AuditLine.parse(content, start, end - start);
                if (parsed instanceof AuditLine.Unreadable unreadable) {
                    fail(lastNumber + 1, "line " + line + " " + unreadable.problem());
                } else {
                    AuditLine.Entry record = (AuditLine.Entry) parsed;
                    if (!terminated) {
                        notes.add(file + " line " + line + ": the last line has no line end (the agent stopped while "
                                + "writing it, or it was added by hand)");
                    }
                    accept(record);
                }
                start = end + 1;
            }
        }

        private void accept(AuditLine.Entry r) {
            if (!r.selfConsistent()) {
                fail(r.seq(), "the record was changed after it was written (its content no longer matches its hash)");
            }
            if (publicKey != null && r.sig() == null) {
                fail(
                        r.seq(),
                        "it carries no signature (the agent signs every record; this one was not written by it, "
                                + "or by a version that did not sign)");
            } else if (publicKey != null && !AuditSigner.verify(publicKey, r.hash(), r.sig())) {
                fail(
                        r.seq(),
                        "its signature is not by the key given (--public-key): it was forged, or changed with its "
                                + "hash recomputed, or another agent's key was given");
            }
            if (!started) {
                started = true;
                if (r.segment() && r.seq() > 1) {
                    startsMidTrail = true;
                    notes.add(file + " line " + line + ": begins a new segment that continues record " + (r.seq() - 1)
                            + " (hash " + r.prev().substring(0, 16) + "…) of an earlier file: " + r.reason()
                            + "; give that file first to check the two together");
                } else if (r.seq() != 1 || !r.prev().equals(lastHash)) {
                    fail(
                            r.seq(),
                            r.seq() > 1
                                    ? "records before it are missing (the trail must start at the first record)"
                                    : "it does not start the trail (its link to a previous record is not the start of a trail)");
                }
            } else if (r.prev().equals(lastHash) && r.seq() == lastNumber + 1) {
                if (r.segment()) {
                    notes.add(file + " line " + line + ": record " + r.seq() + " begins a new segment: " + r.reason());
                }
            } else if (r.segment()) {
                // The agent linked it to the last record it wrote; what comes before it here is not that.
                long claimed = r.seq() - 1;
                String noticed = " (the agent noticed: " + r.reason() + ")";
                if (claimed > lastNumber) {
                    fail(lastNumber + 1, missing(lastNumber + 1, claimed) + noticed);
                } else if (claimed == lastNumber) {
                    fail(claimed, "it is not the record the agent wrote before it started a new segment" + noticed);
                } else {
                    fail(
                            claimed + 1,
                            (claimed + 1 == lastNumber
                                            ? "record " + lastNumber + " was"
                                            : "records " + (claimed + 1) + " to " + lastNumber + " were")
                                    + " not written by the agent"
                                    + noticed);
                }
            } else if (r.seq() > lastNumber + 1) {
                fail(
                        lastNumber + 1,
                        missing(lastNumber + 1, r.seq() - 1) + " (record " + lastNumber + " is followed by record "
                                + r.seq() + ")");
            } else if (r.seq() <= lastNumber) {
                fail(r.seq(), "it is out of order: it comes after record " + lastNumber);
            } else {
                fail(
                        r.seq(),
                        "it does not follow record " + lastNumber + ": record " + lastNumber
                                + " was changed or replaced, or records were reordered");
            }
            count++;
            lastNumber = r.seq();
            lastHash = r.hash();
            for (int i = 0; i < heads.size(); i++) {
                AuditHead head = heads.get(i);
                if (head.seq() == r.seq() || (head.seq() == 0 && head.hash().equals(r.hash()))) {
                    hashAtHead.set(i, head.seq() == 0 ? Long.toString(r.seq()) : r.hash());
                }
            }
        }

        private static String missing(long from, long to) {
            return from == to ? "it is missing" : "it and the records up to " + to + " are missing";
        }

        private void fail(long record, String problem) {
            breaks.add(new Break(file, line, record, problem));
        }

        /** Whether the trail ends one record after {@code head}, linked to it: a record whose head is not yet written. */
        boolean oneAfter(AuditHead head) {
            int i = heads.indexOf(head);
            return i >= 0
                    && head.seq() > 0
                    && lastNumber == head.seq() + 1
                    && head.hash().equals(hashAtHead.get(i));
        }

        /**
         * Whether the trail ends at {@code head}; when {@code reportIn} is given, a mismatch is
         * also reported as a break there.
         */
        boolean endsAt(AuditHead head, String source, Path reportIn) {
            String problem = null;
            long at = lastNumber;
            int i = heads.indexOf(head);
            String seen = i >= 0 ? hashAtHead.get(i) : null;
            if (head.seq() == 0) {
                if (!head.hash().equals(lastHash)) {
                    problem = seen != null
                            ? "records after record " + seen + " were added after the " + source
                                    + " was noted (not written by the agent, or written since)"
                            : "no record has the hash the " + source + " names: the trail was rewritten";
                    at = seen != null ? Long.parseLong(seen) + 1 : lastNumber;
                }
            } else if (lastNumber == head.seq() && !head.hash().equals(lastHash)) {
                problem = "it is not the record the " + source + " names: the trail was rewritten from it or before it";
            } else if (lastNumber < head.seq()) {
                at = lastNumber + 1;
                problem = missing(lastNumber + 1, head.seq()) + " from the end of the trail (the " + source
                        + " says it ends at record " + head.seq() + ")";
            } else if (lastNumber > head.seq()) {
                at = head.seq() + 1;
                problem = head.hash().equals(seen)
                        ? (lastNumber == head.seq() + 1
                                        ? "record " + lastNumber + " was"
                                        : "records " + (head.seq() + 1) + " to " + lastNumber + " were")
                                + " added after the " + source + " (not written by the agent, "
                                + "or written since the head was noted)"
                        : "record " + head.seq() + " is not the one the " + source + " names: the trail was rewritten";
                if (!head.hash().equals(seen)) {
                    at = head.seq();
                }
            }
            if (problem != null && reportIn != null) {
                breaks.add(new Break(reportIn, line, at, problem));
            }
            return problem == null;
        }
    }
}

package io.headroom.core.audit;

/**
 * What a newly read head says about an agent's trail, against the head this console or relay
 * kept from before: the trail went on, was cut short, was rewritten at the record seen, or is
 * signed by another key. A head proves nothing about records written after the one kept: those
 * are checked with {@code verify-audit --expect-head} on the node, given the kept head.
 */
public final class HeadWitness {

    private HeadWitness() {}

    /** The verdict of {@code latest} given the head kept before (null when none was). */
    public static HeadVerdict judge(SignedHead kept, SignedHead latest) {
        if (!latest.signatureVerifies()) {
            return new HeadVerdict.Forged("the head for record " + latest.record()
                    + " is not signed by the key it came with: someone other than the agent answered, or the"
                    + " answer was altered on the way");
        }
        if (kept == null) {
            return new HeadVerdict.FirstSeen(latest.record());
        }
        if (!latest.sameKey(kept)) {
            return new HeadVerdict.Rewritten("the trail is now signed with another key (fingerprint "
                    + latest.keyFingerprint().substring(0, 16) + "…, was "
                    + kept.keyFingerprint().substring(0, 16)
                    + "…): the signing key was replaced, so every record may have been re-signed; run verify-audit"
                    + " on the node with --expect-head " + kept.asExpectedHead());
        }
        if (latest.record() < kept.record()) {
            return new HeadVerdict.Rewritten("the trail ends at record " + latest.record() + ", but record "
                    + kept.record() + " was seen on " + kept.seenAt() + ": records were cut from its end");
        }
        if (latest.record() == kept.record() && !latest.hash().equals(kept.hash())) {
            return new HeadVerdict.Rewritten("record " + kept.record() + " has another hash than when it was seen on "
                    + kept.seenAt() + ": the trail was rewritten");
        }
        return new HeadVerdict.WentOn(kept.record(), latest.record());
    }
}

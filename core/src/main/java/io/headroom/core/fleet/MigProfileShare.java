package io.headroom.core.fleet;

/** How much of its GPU's compute a MIG slice of a given profile holds. */
final class MigProfileShare {
    private MigProfileShare() {}

    static float computeShare(int profileId) {
        return MigProfile.byId(profileId).map(p -> p.computeSlices() / 7f).orElse(0f);
    }
}

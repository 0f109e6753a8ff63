package io.headroom.core.fleet;

/**
 * How much of its card's compute a slice holds, whatever cut it: a MIG instance by its compute
 * slices of 7, an Ascend vNPU by its template's AI cores, an SR-IOV virtual function (Cambricon,
 * Kunlunxin) as an equal share of the card's functions. 0 when nobody can say.
 */
final class SliceShare {

    /** The profile name sources give SR-IOV virtual functions. */
    static final String VIRTUAL_FUNCTION = "VF";

    private SliceShare() {}

    static float of(Accelerator card, MigSlice slice) {
        if (slice.profileId() != MigSlice.PROFILE_UNKNOWN) {
            return MigProfileShare.computeShare(slice.profileId());
        }
        if (card.vendor() == Vendor.HUAWEI) {
            return AscendChip.of(card.model())
                    .flatMap(chip -> VnpuTemplate.of(chip, slice.profileName()))
                    .map(VnpuTemplate::computeShare)
                    .orElse(0f);
        }
        if (slice.profileName().startsWith(VIRTUAL_FUNCTION) && !card.slices().isEmpty()) {
            return 1f / card.slices().size();
        }
        return 0f;
    }
}

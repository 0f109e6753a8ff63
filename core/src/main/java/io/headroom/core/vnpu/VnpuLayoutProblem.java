package io.headroom.core.vnpu;

/** Why a requested vNPU layout, or cutting a card now, is refused: said so an operator can fix it. */
public final class VnpuLayoutProblem extends Exception {

    public VnpuLayoutProblem(String reason) {
        super(reason, null, false, false);
    }
}

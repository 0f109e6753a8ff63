package io.headroom.core.mig;

/** Why a requested MIG layout, or re-slicing a GPU now, is refused: said so an operator can fix it. */
public final class MigLayoutProblem extends Exception {

    public MigLayoutProblem(String reason) {
        super(reason, null, false, false);
    }
}

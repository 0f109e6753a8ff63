package io.headroom.core.alerts;

/**
 * When a rack needs someone's attention. 27 C is the top of ASHRAE's recommended inlet
 * range for data-centre IT equipment; above 90 % of its budget a rack has no headroom for
 * the next job's power peak, and breakers or cooling are the next to complain.
 * One place, so that the rack elevation and the alert list never disagree.
 */
public final class RackLimits {

    public static final float HOT_INLET_C = 27f;
    public static final double BUDGET_SHARE = 0.9;

    private RackLimits() {}

    public static boolean inletHot(float inletC) {
        return !Float.isNaN(inletC) && inletC > HOT_INLET_C;
    }

    /** Over 90 % of the budget; a rack without a known budget is never called over it. */
    public static boolean nearBudget(float powerKw, double budgetKw) {
        return !Float.isNaN(powerKw) && budgetKw > 0 && powerKw > BUDGET_SHARE * budgetKw;
    }
}

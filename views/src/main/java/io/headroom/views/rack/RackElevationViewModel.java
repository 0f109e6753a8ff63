package io.headroom.views.rack;

import io.headroom.core.alerts.RackFreshness;
import io.headroom.core.alerts.RackLimits;
import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.FleetTelemetry;
import io.headroom.core.fleet.FloorOrder;
import io.headroom.core.fleet.IdleThresholds;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Rack;
import io.headroom.core.idle.FleetSummary;
import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import java.util.Arrays;

/**
 * What the rack elevation shows, as numbers and words: each node's dominant and worst GPU
 * state, each rack's inlet air and power against its budget, and which racks need a look.
 * Plain Java, so it is tested without a toolkit. Fed once per refresh on the FX thread;
 * everything is recomputed for the whole fleet, which for 1,560 racks is a few arrays.
 */
public final class RackElevationViewModel {

    /** Worse states first: what a node is flagged with when not all its GPUs agree. */
    private static final int[] SEVERITY = severityByState();

    // Indexed by IdleState ordinal, the value the telemetry's byte states hold, so update() can look a state up per
    // GPU.
    @SuppressWarnings("EnumOrdinal")
    private static int[] severityByState() {
        int[] severity = new int[IdleState.values().length];
        IdleState[] worstFirst = {
            IdleState.FAULTED,
            IdleState.STALE,
            IdleState.HELD_IDLE,
            IdleState.DRAINED,
            IdleState.FREE_IDLE,
            IdleState.BUSY
        };
        for (int i = 0; i < worstFirst.length; i++) {
            severity[worstFirst[i].ordinal()] = worstFirst.length - i;
        }
        return severity;
    }

    private final Messages messages;
    private final IdleThresholds thresholds;
    private RackPlan plan;
    private RackFreshness freshness;
    private byte[] dominant = new byte[0];
    private String[] kinds = new String[0];
    private byte[] worst = new byte[0];
    private int[][] stateCounts = new int[0][];
    private float[] inletC = new float[0];
    private float[] powerKw = new float[0];
    private int[] flaggedByHall = new int[0];

    public RackElevationViewModel(Messages messages, IdleThresholds thresholds) {
        this.messages = messages;
        this.thresholds = thresholds;
    }

    public Messages messages() {
        return messages;
    }

    /**
     * What a rack holds in its vendor's word and the model's short name, "NPU 910B3" or
     * "GPU H100"; "" when its servers hold none or several kinds.
     */
    public String kindText(int rack) {
        return kinds == null || rack >= kinds.length ? "" : kinds[rack];
    }

    private String[] kinds(FleetLayout layout) {
        String[] byRack = new String[layout.rackCount()];
        for (int node = 0; node < layout.nodeCount(); node++) {
            int rack = layout.rackOfNode(node);
            if (rack == FleetLayout.NONE) {
                continue;
            }
            for (var a : layout.node(node).accelerators()) {
                String kind = io.headroom.views.vendor.VendorTerms.of(messages, a.vendor())
                                .device() + " " + shortModel(a.model());
                byRack[rack] = byRack[rack] == null || byRack[rack].equals(kind) ? kind : "";
            }
        }
        for (int r = 0; r < byRack.length; r++) {
            byRack[r] = byRack[r] == null ? "" : byRack[r];
        }
        return byRack;
    }

    /** "NVIDIA H100 80GB HBM3" as "H100", "Ascend 910B3" as "910B3", "Hygon K100_AI" as "K100_AI". */
    static String shortModel(String model) {
        String[] words = model.strip().split("\\s+", -1);
        if (words.length > 1 && words[0].matches("(?i)nvidia|amd|ascend|hygon|cambricon|kunlunxin")) {
            return words[1];
        }
        return words[0];
    }

    /** Takes one refresh; {@code summary} must come from {@code telemetry} at {@code nowMillis}. */
    // Node state counts are flat int arrays indexed by IdleState ordinal, the value the telemetry's byte states hold;
    // updated every frame.
    @SuppressWarnings("EnumOrdinal")
    public void update(FleetTelemetry telemetry, FleetSummary summary, long nowMillis) {
        FleetLayout layout = telemetry.layout();
        if (plan == null || plan.layout != layout) {
            plan = RackPlan.of(layout, messages.get("rack.unplaced"));
            freshness = new RackFreshness(layout, thresholds);
            dominant = new byte[layout.nodeCount()];
            worst = new byte[layout.nodeCount()];
            stateCounts = new int[layout.nodeCount()][IdleState.values().length];
            inletC = new float[layout.rackCount()];
            powerKw = new float[layout.rackCount()];
            flaggedByHall = new int[plan.halls.size()];
            kinds = kinds(layout);
        }
        byte[] states = summary.gpuStates();
        for (int node = 0; node < layout.nodeCount(); node++) {
            int[] counts = stateCounts[node];
            Arrays.fill(counts, 0);
            for (int slot = layout.firstGpuSlot(node); slot < layout.endGpuSlot(node) && slot < states.length; slot++) {
                counts[states[slot]]++;
            }
            int most = IdleState.STALE.ordinal();
            int worse = IdleState.BUSY.ordinal();
            boolean any = false;
            for (int state = 0; state < counts.length; state++) {
                if (counts[state] == 0) {
                    continue;
                }
                // Ties go to the worse state: a node half faulted reads as faulted.
                if (!any
                        || counts[state] > counts[most]
                        || (counts[state] == counts[most] && SEVERITY[state] > SEVERITY[most])) {
                    most = state;
                }
                worse = !any || SEVERITY[state] > SEVERITY[worse] ? state : worse;
                any = true;
            }
            dominant[node] = (byte) most;
            worst[node] = (byte) (any ? worse : most);
        }
        Arrays.fill(flaggedByHall, 0);
        for (int rack = 0; rack < layout.rackCount(); rack++) {
            // Old readings are shown as unknown, never as live figures (or flags) from minutes ago.
            boolean fresh = freshness.isFresh(telemetry, rack, nowMillis);
            inletC[rack] = fresh ? telemetry.rackInletC(rack) : Float.NaN;
            powerKw[rack] = fresh ? telemetry.rackPowerKw(rack) : Float.NaN;
            if (isFlagged(rack)) {
                flaggedByHall[plan.hallOfRack[rack]]++;
            }
        }
    }

    RackPlan plan() {
        return plan;
    }

    public IdleState dominantState(int node) {
        return IdleState.ofOrdinal(dominant[node]);
    }

    public IdleState worstState(int node) {
        return IdleState.ofOrdinal(worst[node]);
    }

    public boolean isHot(int rack) {
        return RackLimits.inletHot(inletC[rack]);
    }

    public boolean isOverBudget(int rack) {
        return RackLimits.nearBudget(powerKw[rack], plan.layout.rack(rack).powerBudgetKw());
    }

    public boolean isFlagged(int rack) {
        return isHot(rack) || isOverBudget(rack);
    }

    public int hallCount() {
        return plan == null ? 0 : plan.halls.size();
    }

    /** The hall's index in the selector, or -1 when the rack is unknown. */
    public int hallOfRack(int rack) {
        return rack >= 0 && rack < plan.hallOfRack.length ? plan.hallOfRack[rack] : -1;
    }

    public int flaggedRacks(int hall) {
        return flaggedByHall[hall];
    }

    public String hallButtonText(int hall) {
        FloorOrder.HallRows racks = plan.halls.get(hall);
        int flagged = flaggedByHall[hall];
        return flagged == 0
                ? messages.format("rack.hall", racks.name(), messages.integer(racks.rackCount()))
                : messages.format(
                        "rack.hall.flagged",
                        racks.name(),
                        messages.integer(racks.rackCount()),
                        messages.integer(flagged));
    }

    public float inletC(int rack) {
        return inletC[rack];
    }

    public float powerKw(int rack) {
        return powerKw[rack];
    }

    /** Draw over budget, 0..1 and beyond; NaN without a reading or budget. */
    public double budgetShare(int rack) {
        double budget = plan.layout.rack(rack).powerBudgetKw();
        return budget > 0 ? powerKw[rack] / budget : Double.NaN;
    }

    public String inletText(int rack) {
        return Float.isNaN(inletC[rack])
                ? messages.get("value.none")
                : messages.format("rack.inlet", messages.oneDecimal(inletC[rack]));
    }

    public String powerText(int rack) {
        Rack r = plan.layout.rack(rack);
        String drawn = Float.isNaN(powerKw[rack]) ? messages.get("value.none") : messages.oneDecimal(powerKw[rack]);
        return messages.format("rack.power", drawn, messages.integer(Math.round(r.powerBudgetKw())));
    }

    /** The words under the pointer on a node: where it is, what its GPUs do. */
    // Node state counts are flat int arrays indexed by IdleState ordinal, the value the telemetry's byte states hold;
    // updated every frame.
    @SuppressWarnings("EnumOrdinal")
    public String describeNode(int node) {
        Node n = plan.layout.node(node);
        StringBuilder states = new StringBuilder();
        int[] counts = stateCounts[node];
        for (IdleState state : IdleState.values()) {
            if (counts[state.ordinal()] > 0) {
                states.append(states.isEmpty() ? "" : " \u00b7 ")
                        .append(messages.format(
                                "rack.node.state-count",
                                messages.integer(counts[state.ordinal()]),
                                messages.stateName(state)));
            }
        }
        int rack = plan.layout.rackOfNode(node);
        return messages.format(
                        "rack.node.title",
                        n.hostname(),
                        rack == FleetLayout.NONE ? "" : plan.layout.rack(rack).id(),
                        n.uPosition(),
                        RackPlan.top(n))
                + accelerators(n)
                + "\n" + (states.isEmpty() ? messages.get("rack.node.no-gpus") : states.toString())
                + "\n" + messages.format("rack.node.where", n.serial(), n.pool(), n.tenant());
    }

    /** "\n8 × Ascend 910B3 (Huawei Ascend)" per model the node holds; nothing for a node without accelerators. */
    private String accelerators(Node n) {
        StringBuilder text = new StringBuilder();
        io.headroom.views.vendor.VendorTerms.accelerators(messages, n)
                .forEach(line -> text.append('\n').append(line));
        return text.toString();
    }

    /** The words under the pointer on a rack's header. */
    public String describeRack(int rack) {
        StringBuilder text = new StringBuilder(messages.format(
                "rack.rack.title",
                plan.layout.rack(rack).id(),
                plan.layout.rack(rack).row()));
        text.append('\n').append(messages.format("rack.rack.figures", inletText(rack), powerText(rack)));
        if (isHot(rack)) {
            text.append('\n').append(messages.format("rack.rack.hot", messages.oneDecimal(RackLimits.HOT_INLET_C)));
        }
        if (isOverBudget(rack)) {
            text.append('\n').append(messages.format("rack.rack.over-budget", messages.share(budgetShare(rack))));
        }
        return text.toString();
    }
}

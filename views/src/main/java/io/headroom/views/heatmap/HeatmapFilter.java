package io.headroom.views.heatmap;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.Vendor;
import io.headroom.core.idle.IdleState;
import io.headroom.core.workload.FleetWorkloads;
import io.headroom.core.workload.Holding;
import io.headroom.core.workload.IdleHolders;
import io.headroom.core.workload.Workload;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which GPUs the operator is looking for: in these pools, of these tenants, of these vendors
 * or models, in these states. A vendor is chosen as {@link #vendorChoice} among the models. An empty choice lets everything through. Cells that do not match are
 * dimmed, not removed, so the floor plan keeps its shape and a technician keeps their bearings.
 * What depends on the inventory alone is worked out once per layout and choice; the state is
 * checked per frame. Plain Java; FX thread.
 */
final class HeatmapFilter {

    /** How a whole vendor is named among the model choices; no model name starts so. */
    private static final String VENDOR = "vendor:";

    private Set<String> pools = Set.of();
    private Set<String> tenants = Set.of();
    private Set<String> models = Set.of();
    private Set<IdleState> states = EnumSet.noneOf(IdleState.class);
    private FleetLayout layout;
    private boolean[] slotMatches = new boolean[0];
    private String holder = "";
    private FleetWorkloads workloads;
    private FleetLayout heldLayout;
    private long heldVersion = -1;
    private final BitSet heldSlots = new BitSet();

    void choose(Set<String> pools, Set<String> tenants, Set<String> models, Set<IdleState> states) {
        this.pools = Set.copyOf(pools);
        this.tenants = Set.copyOf(tenants);
        this.models = Set.copyOf(models);
        this.states = states.isEmpty() ? EnumSet.noneOf(IdleState.class) : EnumSet.copyOf(states);
        layout = null;
    }

    /**
     * Only GPUs held by workloads whose job id, pod, user, account or namespace contains {@code text}
     * (case-insensitive); blank lets every GPU through.
     */
    void chooseHolder(String text, FleetWorkloads known) {
        holder = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        workloads = known;
        heldLayout = null;
    }

    boolean active() {
        return !pools.isEmpty()
                || !tenants.isEmpty()
                || !models.isEmpty()
                || !states.isEmpty()
                || (!holder.isEmpty() && workloads != null);
    }

    /** Whether the GPU in {@code slot}, now in {@code state} (an {@link IdleState} ordinal), is one looked for. */
    boolean matches(FleetLayout layout, int slot, byte state) {
        if (layout != this.layout) {
            prepare(layout);
        }
        return slotMatches[slot]
                && (states.isEmpty() || states.contains(IdleState.ofOrdinal(state)))
                && (holder.isEmpty() || workloads == null || held(layout).get(slot));
    }

    /** The GPU slots held by a matching workload, worked out again when the layout or the workloads change. */
    private BitSet held(FleetLayout layout) {
        if (layout != heldLayout || workloads.version() != heldVersion) {
            heldLayout = layout;
            heldVersion = workloads.version();
            heldSlots.clear();
            for (Workload workload : workloads.all()) {
                if (!matchesHolder(workload)) {
                    continue;
                }
                for (Holding holding : workload.holdings()) {
                    int slot = IdleHolders.slotOf(layout, holding);
                    if (slot != FleetLayout.NONE) {
                        heldSlots.set(layout.isSlice(slot) ? layout.parentGpuSlot(slot) : slot);
                    }
                }
            }
        }
        return heldSlots;
    }

    private boolean matchesHolder(Workload workload) {
        for (String text : new String[] {
            workload.schedulerId(), workload.name(), workload.user(), workload.account(), workload.namespace()
        }) {
            if (text.toLowerCase(Locale.ROOT).contains(holder)) {
                return true;
            }
        }
        return false;
    }

    private void prepare(FleetLayout layout) {
        this.layout = layout;
        slotMatches = new boolean[layout.gpuCount()];
        for (int n = 0; n < layout.nodeCount(); n++) {
            Node node = layout.node(n);
            boolean nodeMatches = (pools.isEmpty() || pools.contains(node.pool()))
                    && (tenants.isEmpty() || tenants.contains(node.tenant()));
            for (int slot = layout.firstGpuSlot(n); slot < layout.endGpuSlot(n); slot++) {
                slotMatches[slot] = nodeMatches
                        && (models.isEmpty()
                                || models.contains(layout.accelerator(slot).model())
                                || models.contains(vendorChoice(layout.vendor(slot))));
            }
        }
    }

    /** The model choice that stands for every model of a vendor. */
    static String vendorChoice(Vendor vendor) {
        return VENDOR + vendor.name();
    }

    /** The vendor a model choice stands for, or null when it is one model. */
    static Vendor vendorOf(String choice) {
        return choice.startsWith(VENDOR) ? Vendor.valueOf(choice.substring(VENDOR.length())) : null;
    }

    /**
     * The pools, tenants and models the inventory names, sorted, for the filter's choices; the
     * models come by vendor, each vendor's whole-vendor choice first.
     */
    record Choices(Set<String> pools, Set<String> tenants, Set<String> models) {
        static Choices of(FleetLayout layout) {
            Set<String> pools = new TreeSet<>();
            Set<String> tenants = new TreeSet<>();
            Map<Vendor, Set<String>> byVendor = new EnumMap<>(Vendor.class);
            for (int n = 0; n < layout.nodeCount(); n++) {
                Node node = layout.node(n);
                if (node.pool() != null && !node.pool().isBlank()) {
                    pools.add(node.pool());
                }
                if (node.tenant() != null && !node.tenant().isBlank()) {
                    tenants.add(node.tenant());
                }
                node.accelerators()
                        .forEach(a -> byVendor.computeIfAbsent(a.vendor(), v -> new TreeSet<>())
                                .add(a.model()));
            }
            Set<String> models = new LinkedHashSet<>();
            byVendor.forEach((vendor, names) -> {
                models.add(vendorChoice(vendor));
                models.addAll(names);
            });
            return new Choices(pools, tenants, models);
        }
    }
}

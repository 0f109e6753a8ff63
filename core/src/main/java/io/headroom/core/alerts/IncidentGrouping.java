package io.headroom.core.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the alerts of one evaluation into incidents, as the cause decides:
 *
 * <ul>
 *   <li>a rack's own alerts (inlet hot, power near budget) are one rack incident; while its inlet
 *       is hot, the GPUs throttling in it ({@link AlertKind#GPU_HOT}) are parts of it, not
 *       incidents of their own: the air is the cause, not the GPUs;
 *   <li>a stale node is one node incident (its GPUs, silent with it, raise nothing of their own);
 *   <li>every other alert joins the incident of its GPU or slice, by UUID: an XID 79 and "GPU
 *       missing" on one GPU are one incident that the bus loss causes.
 * </ul>
 *
 * Worst and newest first. Plain Java; used by the console's alert page and the agent's
 * webhooks alike, so both count the same incidents.
 */
public final class IncidentGrouping {

    /** The part that names a GPU incident, most telling first: off the bus explains its XID. */
    private static final List<AlertKind> GPU_CAUSES =
            List.of(AlertKind.GPU_MISSING, AlertKind.CRITICAL_XID, AlertKind.ECC_UNCORRECTABLE, AlertKind.GPU_HOT);

    private static final List<AlertKind> RACK_CAUSES = List.of(AlertKind.RACK_INLET_HOT, AlertKind.RACK_NEAR_BUDGET);

    /** Worst first, then the newest, then by key so that equal incidents keep their order. */
    public static final Comparator<Incident> ORDER = Comparator.comparing(Incident::severity)
            .thenComparing(Comparator.comparingLong(Incident::firstSeenMillis).reversed())
            .thenComparing(Incident::key);

    private IncidentGrouping() {}

    public static List<Incident> group(List<Alert> alerts) {
        Map<Integer, List<Alert>> racks = new LinkedHashMap<>();
        Map<Integer, String> hotRacks = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            if (alert.kind().aboutRack()) {
                racks.computeIfAbsent(alert.rackIndex(), r -> new ArrayList<>()).add(alert);
                if (alert.kind() == AlertKind.RACK_INLET_HOT) {
                    hotRacks.put(alert.rackIndex(), alert.subject());
                }
            }
        }
        Map<String, List<Alert>> gpus = new LinkedHashMap<>();
        List<Incident> incidents = new ArrayList<>();
        for (Alert alert : alerts) {
            if (alert.kind().aboutRack()) {
                continue;
            }
            if (alert.kind() == AlertKind.NODE_STALE) {
                incidents.add(new Incident(IncidentScope.NODE, alert.subject(), alert, List.of(alert)));
            } else if (alert.kind() == AlertKind.GPU_HOT
                    && alert.rackIndex() >= 0
                    && hotRacks.containsKey(alert.rackIndex())) {
                racks.get(alert.rackIndex()).add(alert);
            } else {
                gpus.computeIfAbsent(alert.subject(), s -> new ArrayList<>()).add(alert);
            }
        }
        for (Map.Entry<String, List<Alert>> gpu : gpus.entrySet()) {
            incidents.add(incident(IncidentScope.GPU, gpu.getKey(), gpu.getValue(), GPU_CAUSES));
        }
        for (List<Alert> rack : racks.values()) {
            incidents.add(incident(IncidentScope.RACK, rack.getFirst().subject(), rack, RACK_CAUSES));
        }
        incidents.sort(ORDER);
        return incidents;
    }

    // the cause is one of the parts, the very same alert
    @SuppressWarnings("ReferenceEquality")
    private static Incident incident(IncidentScope scope, String subject, List<Alert> parts, List<AlertKind> causes) {
        Alert cause = parts.getFirst();
        for (AlertKind kind : causes) {
            Alert found =
                    parts.stream().filter(a -> a.kind() == kind).findFirst().orElse(null);
            if (found != null) {
                cause = found;
                break;
            }
        }
        List<Alert> ordered = new ArrayList<>(parts.size());
        ordered.add(cause);
        for (Alert part : parts) {
            if (part != cause) {
                ordered.add(part);
            }
        }
        return new Incident(scope, subject, cause, ordered);
    }
}

package io.headroom.views.operations;

import io.headroom.core.mig.MigLayout;
import io.headroom.core.mig.MigLayoutProblem;
import io.headroom.core.operation.OperationAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Layouts typed as {@code profile@start} lists ("9@0, 9@4"), with the ones operators ask for
 * most offered ready-made. Checked against the profile table as they are typed.
 */
public final class ResliceLayouts {

    /** Ready-made layouts: seven small slices for many small customers, halves, a mix, one whole GPU. */
    public static final List<String> PRESETS = List.of(
            "19@0, 19@1, 19@2, 19@3, 19@4, 19@5, 19@6", "9@0, 9@4", "14@0, 14@2, 14@4, 19@6", "5@0, 9@4", "0@0");

    private ResliceLayouts() {}

    /**
     * Reads and checks a typed layout for a GPU of {@code model} with {@code memoryMib}.
     *
     * @throws MigLayoutProblem a malformed entry or a broken rule, said plainly
     */
    public static List<OperationAction.SliceRequest> parse(String text, String model, long memoryMib)
            throws MigLayoutProblem {
        List<int[]> requested = new ArrayList<>();
        for (String part : text.split("[,\\s]+", -1)) {
            if (part.isBlank()) {
                continue;
            }
            String[] pieces = part.split("@", -1);
            try {
                if (pieces.length != 2) {
                    throw new NumberFormatException();
                }
                requested.add(new int[] {Integer.parseInt(pieces[0].trim()), Integer.parseInt(pieces[1].trim())});
            } catch (NumberFormatException e) {
                throw new MigLayoutProblem("'" + part + "' is not profile@start (for example 9@0)");
            }
        }
        MigLayout layout = MigLayout.check(model, memoryMib, requested);
        return layout.instances().stream()
                .map(i -> new OperationAction.SliceRequest(i.profile().id(), i.start()))
                .toList();
    }

    /** The layout in profile names for this GPU, to show beside the typed ids: "3g.40gb@0, 3g.40gb@4". */
    public static String describe(List<OperationAction.SliceRequest> slices, long memoryMib) {
        return String.join(
                ", ",
                slices.stream()
                        .map(s -> io.headroom.core.fleet.MigProfile.byId(s.profileId())
                                        .map(p -> p.nameFor(memoryMib))
                                        .orElse("?")
                                + "@" + s.placementStart())
                        .toList());
    }
}

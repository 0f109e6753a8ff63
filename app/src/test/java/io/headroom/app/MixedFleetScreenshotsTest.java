package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.fleet.FleetLayout;
import io.headroom.core.fleet.Vendor;
import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console on its embedded fleet, which is a heterogeneous site: Ascend 910B, Hygon K100,
 * Cambricon MLU370 and Kunlunxin R300 beside NVIDIA, over real gRPC. Pictures of the heatmap
 * (idle capacity split by vendor), the racks of the Ascend hall and an Ascend server's page, in
 * the vendor's own words; they go to {@code target/screenshots/mixed-fleet-*.png} and, looked
 * at, into docs/screenshots.
 */
class MixedFleetScreenshotsTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(2048).inMemory();

    @Test
    void heatmapRacksAndAnAscendServerInTheVendorsWords() throws Exception {
        ConsoleApp app = console.theme(Theme.LAPTOP_LIGHT).locale(Locale.US).start();
        waitFor(
                "the simulator's fleet in the console",
                () -> app.live().fleet().layout().gpuCount() == 2048);
        FleetLayout layout = app.live().fleet().layout();
        int ascend = cutAscendNode(layout);
        waitFor(
                "samples from the Ascend hall",
                () -> app.live().fleet().current().sampleTime(layout.firstGpuSlot(ascend)) > 0);

        // The overview: the idle-capacity tile split by vendor on a click.
        var tiles = onFx(() -> app.view().overview().tiles());
        waitFor(
                "idle capacity by vendor",
                () -> onFx(() -> !tiles.idleByVendorProperty().get().isEmpty()));
        onFx(() -> {
            app.view().showTab(0);
            tiles.toggleByVendor();
            return null;
        });
        assertThat(onFx(() -> tiles.idleByVendorLineProperty().get()))
                .contains("NVIDIA", "Huawei Ascend", "Hygon", "Cambricon", "Kunlunxin");
        settle();
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "mixed-fleet-heatmap.png");

        // The racks of the Ascend hall: each rack says what it holds in its vendor's word.
        onFx(() -> {
            app.view().showTab(1);
            app.view().racks().showNode(ascend);
            return null;
        });
        assertThat(onFx(() -> app.view().racks().model().kindText(layout.rackOfNode(ascend))))
                .isEqualTo("NPU 910B3");
        assertThat(onFx(() -> app.view().racks().model().describeNode(ascend)))
                .contains("8 \u00d7 Ascend 910B3 (Huawei Ascend)");
        settle();
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "mixed-fleet-racks.png");

        // An Ascend server's page: NPUs and vNPUs, AI Core and HBM.
        onFx(() -> {
            app.view().openNode(ascend);
            return null;
        });
        waitFor(
                "the Ascend server's rows in its vendor's words",
                () -> onFx(() -> texts(app.view().node()).contains("NPU 0")
                        && texts(app.view().node()).contains("AI Core")
                        && texts(app.view().node()).contains("HBM")
                        && texts(app.view().node()).contains("vNPU vir")));
        assertThat(onFx(() -> texts(app.view().node())))
                .contains("Huawei Ascend")
                .doesNotContain("GPU 0");
        settle();
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "mixed-fleet-server-ascend.png");
    }

    /** The first Ascend node whose first card is cut into vNPUs. */
    private static int cutAscendNode(FleetLayout layout) {
        for (int n = 0; n < layout.nodeCount(); n++) {
            var first = layout.node(n).accelerators().getFirst();
            if (first.vendor() == Vendor.HUAWEI && !first.slices().isEmpty()) {
                return n;
            }
        }
        throw new AssertionError("no Ascend node with vNPUs in the embedded fleet");
    }

    private static String texts(Node root) {
        StringBuilder all = new StringBuilder();
        for (Node n : root.lookupAll(".label")) {
            if (n instanceof Label label && label.isVisible()) {
                all.append(label.getText()).append('\n');
            }
        }
        return all.toString();
    }

    /** Two seconds of refreshes so the pictures show settled views. */
    private static void settle() throws InterruptedException {
        Thread.sleep(2_000);
    }
}

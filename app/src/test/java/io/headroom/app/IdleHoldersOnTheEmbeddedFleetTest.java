package io.headroom.app;

import static io.headroom.app.ConsoleExtension.onFx;
import static io.headroom.app.ConsoleExtension.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.themes.Theme;
import io.headroom.views.Screenshots;
import io.headroom.views.holders.HolderRow;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console on its embedded simulated fleet, as `headroom` with no agent starts it: the Idle
 * holders page fills from the simulator's jobs, pods and notebooks over real gRPC, with no set-up;
 * pictures in both themes and in Chinese.
 */
class IdleHoldersOnTheEmbeddedFleetTest {

    @RegisterExtension
    final ConsoleExtension console = ConsoleExtension.startedByTest().gpus(2048).inMemory();

    @Test
    void wallDark() throws Exception {
        shoot(Theme.WALL_DARK, Locale.US, "idle-holders-embedded-wall-dark.png");
    }

    @Test
    void laptopLight() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.US, "idle-holders-embedded-laptop-light.png");
    }

    @Test
    void laptopLightInChinese() throws Exception {
        shoot(Theme.LAPTOP_LIGHT, Locale.SIMPLIFIED_CHINESE, "idle-holders-embedded-laptop-light-zh-CN.png");
    }

    @Test
    void theServerPageNamesWhoHoldsEachGpu() throws Exception {
        ConsoleApp app = console.theme(Theme.LAPTOP_LIGHT).locale(Locale.US).start();
        waitFor(
                "the simulator's workloads in the console",
                () -> app.live().workloads().size() > 0);
        var telemetry = app.live().fleet().current();
        var layout = telemetry.layout();
        var held = app.live().workloads().all().stream()
                .filter(w -> !w.holdings().isEmpty())
                .filter(w -> layout.nodeIndex(w.holdings().getFirst().hostname()) >= 0)
                .findFirst()
                .orElseThrow();
        var holding = held.holdings().getFirst();
        int node = layout.nodeIndex(holding.hostname());
        int slot = layout.gpuSlot(node, holding.gpuIndex());
        onFx(() -> {
            app.view().openNode(node);
            return null;
        });
        // The simulator's workloads come and go: the row names whoever holds the GPU now.
        waitFor(
                "the GPU row to name its holder",
                () -> onFx(() -> {
                    var now = app.live().workloads().holderOf(layout, slot);
                    return app.view().getScene().lookup("#gpu-holder-" + slot) instanceof javafx.scene.control.Label l
                            && now.isPresent()
                            && l.getText().startsWith("Held by")
                            && l.getText()
                                    .contains(
                                            now.get().schedulerId().isEmpty()
                                                    ? now.get().id()
                                                    : now.get().schedulerId())
                            && l.getText().contains(now.get().user());
                }),
                () -> onFx(() ->
                        app.view().getScene().lookup("#gpu-holder-" + slot) instanceof javafx.scene.control.Label l
                                ? "'" + l.getText() + "', held now by "
                                        + app.live().workloads().holderOf(layout, slot)
                                : "no row for slot " + slot));
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), "server-page-holders-laptop-light.png");
    }

    private void shoot(Theme theme, Locale locale, String file) throws Exception {
        ConsoleApp app = console.theme(theme).locale(locale).start();
        waitFor(
                "the simulator's workloads in the console",
                () -> app.live().workloads().size() > 0);
        var page = onFx(() -> {
            app.view().showIdleHolders();
            return app.view().idleHolders();
        });
        waitFor(
                "held-idle holders on the page",
                () -> onFx(() -> !page.table().getItems().isEmpty()));
        HolderRow first = onFx(() -> {
            page.table().getSelectionModel().select(0);
            return page.table().getItems().getFirst();
        });
        assertThat(first.holder().gpusIdle()).isPositive();
        assertThat(first.holder().gpuHoursWasted()).isPositive();
        assertThat(onFx(() -> page.table().getItems().stream()
                        .mapToDouble(r -> r.holder().gpuHoursWasted())
                        .toArray()))
                .as("most GPU-hours wasted first")
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        waitFor(
                "the picked workload's GPUs listed below the table",
                () -> onFx(() -> page.lookup("#holder-gpus") instanceof javafx.scene.control.TableView<?> gpus
                        && !gpus.getItems().isEmpty()));
        Screenshots.write(onFx(() -> app.view().getScene().snapshot(null)), file);
    }
}

package io.headroom.views.node;

import io.headroom.core.idle.IdleState;
import io.headroom.views.Messages;
import io.headroom.views.StateStyle;
import io.headroom.views.paint.CanvasTheme;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A GPU or slice row: its name, model, state and faults on the left, its sparklines on the right. */
final class GpuRowView extends HBox {

    private final GpuRow gpu;
    private final Messages messages;
    private final Label state = new Label();
    private final Region swatch = new Region();
    private final Label badges = new Label();
    private final Label unmeasured = new Label();
    private final Label holder = new Label();
    private IdleState shown;
    final SparklineStrip strip;

    GpuRowView(NodeDetailViewModel model, CanvasTheme theme, int row, GpuRow gpu) {
        this.gpu = gpu;
        this.messages = model.messages();
        getStyleClass().addAll("hr-gpu-row", gpu.isSlice() ? "slice" : "gpu");
        Label title = new Label(gpu.title());
        title.getStyleClass().add("hr-gpu-title");
        Label name = new Label(gpu.isSlice() ? "" : gpu.model());
        name.getStyleClass().add("hr-gpu-model");
        name.setMinWidth(0);
        HBox titleLine = new HBox(title, name);
        titleLine.getStyleClass().add("hr-gpu-title-line");
        swatch.getStyleClass().add("hr-swatch");
        state.setGraphic(swatch);
        state.getStyleClass().add("hr-gpu-state");
        badges.getStyleClass().add("hr-gpu-badges");
        badges.setMinWidth(0);
        unmeasured.getStyleClass().add("hr-gpu-badges-unmeasured");
        unmeasured.setMinWidth(0);
        holder.getStyleClass().add("hr-gpu-holder");
        holder.setMinWidth(0);
        holder.setId("gpu-holder-" + gpu.slot());
        HBox stateLine = new HBox(state, badges, unmeasured);
        stateLine.getStyleClass().add("hr-gpu-state-line");
        VBox info = new VBox(titleLine, stateLine, holder);
        info.getStyleClass().add("hr-gpu-info");
        strip = new SparklineStrip(model, theme, row, gpu);
        HBox.setHgrow(strip, Priority.ALWAYS);
        getChildren().addAll(info, strip);
        setId("gpu-row-" + gpu.slot());
    }

    int slot() {
        return gpu.slot();
    }

    /** Who holds this GPU or slice ("Held by job 4242 · alice · physics"); empty hides the line. */
    void showHolder(String text) {
        if (!text.equals(holder.getText())) {
            holder.setText(text);
            // The column is narrow: the whole line on hover.
            holder.setTooltip(text.isEmpty() ? null : new javafx.scene.control.Tooltip(text));
            holder.setVisible(!text.isEmpty());
            holder.setManaged(!text.isEmpty());
        }
    }

    /** New state and faults from this frame; sparklines only when a sample was taken. */
    void refresh(boolean sampled) {
        IdleState now = gpu.state();
        if (now != shown) {
            // Only on change: touching the style classes makes CSS run over the row again.
            state.setText(messages.stateName(now));
            if (shown != null) {
                swatch.getStyleClass().remove(StateStyle.styleClass(shown));
            }
            swatch.getStyleClass().add(StateStyle.styleClass(now));
            shown = now;
        }
        badges.setText(gpu.badges(messages));
        unmeasured.setText(gpu.unmeasuredBadges(messages));
        if (sampled) {
            strip.paint();
        }
    }
}

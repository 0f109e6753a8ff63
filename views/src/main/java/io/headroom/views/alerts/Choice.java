package io.headroom.views.alerts;

import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.ComboBox;

/**
 * A filter choice: a value, or null for "all", with the words to show. ComboBox handles a
 * null item badly, so "all" is a choice of its own.
 */
record Choice<T>(T value, String label) {

    @Override
    public String toString() {
        return label;
    }

    static <T> ComboBox<Choice<T>> box(String all, T[] values, Function<T, String> names, ObjectProperty<T> filter) {
        ComboBox<Choice<T>> box = new ComboBox<>();
        box.getItems().add(new Choice<>(null, all));
        for (T value : values) {
            box.getItems().add(new Choice<>(value, names.apply(value)));
        }
        box.getSelectionModel().selectFirst();
        box.getStyleClass().add("hr-filter");
        box.valueProperty().subscribe(choice -> filter.set(choice == null ? null : choice.value()));
        return box;
    }
}

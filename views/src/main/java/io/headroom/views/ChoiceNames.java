package io.headroom.views;

import java.util.Collection;
import java.util.function.Function;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.util.StringConverter;

/** Shows a fixed set of choices (a colouring, a range, a state) by their names in the console's language. */
public final class ChoiceNames {

    private ChoiceNames() {}

    /** Names of {@code choices}, and back: a name that is none of theirs reads as no choice (null). */
    public static <T> StringConverter<T> of(Collection<? extends T> choices, Function<T, String> names) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : names.apply(value);
            }

            @Override
            public T fromString(String text) {
                for (T choice : choices) {
                    if (names.apply(choice).equals(text)) {
                        return choice;
                    }
                }
                return null;
            }
        };
    }

    /** Names the box's list and its button (which a converter alone leaves showing toString()). */
    public static <T> void show(ComboBox<T> box, Function<T, String> names) {
        StringConverter<T> converter = of(box.getItems(), names);
        box.setConverter(converter);
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? "" : converter.toString(item));
            }
        });
    }
}

package io.headroom.views.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * A page built the first time it is needed (its tab chosen, or something opens it), not when
 * the console starts: each page's nodes cost CSS and layout in the first frame, and the
 * window should appear with the overview alone. FX thread only.
 */
final class LazyPage<T extends Node> {

    private final Supplier<T> build;
    private final Consumer<T> dispose;
    private final List<Consumer<T>> whenBuilt = new ArrayList<>();
    private T page;
    private Tab tab;

    LazyPage(Supplier<T> build, Consumer<T> dispose) {
        this.build = build;
        this.dispose = dispose;
    }

    /** The page, built now if it was not yet. */
    T get() {
        if (page == null) {
            page = build.get();
            whenBuilt.forEach(action -> action.accept(page));
            if (tab != null) {
                tab.setContent(page);
            }
        }
        return page;
    }

    boolean isBuilt() {
        return page != null;
    }

    /** Runs {@code action} on the page once it exists: now if it does, else right after it is built. */
    void whenBuilt(Consumer<T> action) {
        whenBuilt.add(action);
        if (page != null) {
            action.accept(page);
        }
    }

    /** Disposes of the page, if it was ever built. */
    void dispose() {
        if (page != null) {
            dispose.accept(page);
        }
    }

    /** A tab that shows this page, building it when the tab is first chosen. */
    Tab inTab(String title) {
        tab = new Tab(title);
        tab.setClosable(false);
        tab.selectedProperty().subscribe(selected -> {
            if (selected) {
                get();
            }
        });
        if (page != null) {
            tab.setContent(page);
        }
        return tab;
    }
}

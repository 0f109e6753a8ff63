package io.headroom.views.shell;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The laptop console's menus: pages, theme and language, search. */
final class ShellMenu extends MenuBar {

    /** A page of the console as the Go menu lists it; the first nine get Ctrl+1 to Ctrl+9, in order. */
    record Page(String title, Runnable show) {}

    /** The shortcut of the page at {@code index}, or null past the ninth. */
    static KeyCombination shortcutOf(int index) {
        return index < 9
                ? new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(index + 1)), KeyCombination.SHORTCUT_DOWN)
                : null;
    }

    static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);

    /**
     * @param pages every page, in tab order: the one table the Go menu and its shortcuts come from
     * @param exportReport File → Export report…; null for a console without reports (no File menu)
     */
    ShellMenu(
            Messages messages,
            Locale current,
            List<Page> pages,
            Runnable exportReport,
            Consumer<Theme> onTheme,
            Consumer<Locale> onLocale,
            Runnable focusSearch,
            Runnable quit) {
        var go = new Menu(messages.get("shell.menu.go"));
        go.setId("menu-go");
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            var item = new MenuItem(page.title());
            item.setAccelerator(shortcutOf(i));
            item.setOnAction(e -> page.show().run());
            go.getItems().add(item);
        }
        var find = new MenuItem(messages.get("shell.menu.find"));
        find.setId("menu-find");
        find.setAccelerator(FIND);
        find.setOnAction(e -> focusSearch.run());
        var quitItem = new MenuItem(messages.get("shell.menu.quit"));
        quitItem.setId("menu-quit");
        quitItem.setAccelerator(QUIT);
        quitItem.setOnAction(e -> quit.run());
        go.getItems().addAll(new SeparatorMenuItem(), find, new SeparatorMenuItem(), quitItem);

        var theme = new Menu(messages.get("shell.menu.theme"));
        var themes = new ToggleGroup();
        for (Theme choice : Theme.values()) {
            var item = new RadioMenuItem(messages.get("theme." + choice.id()));
            item.setId("theme-" + choice.id());
            item.setUserData(choice);
            item.setToggleGroup(themes);
            item.setOnAction(e -> onTheme.accept(choice));
            theme.getItems().add(item);
        }
        // The check mark goes on the theme the window wears, however it got it (an option, the menu).
        theme.setOnShowing(e -> {
            for (var item : theme.getItems()) {
                Theme choice = (Theme) item.getUserData();
                ((RadioMenuItem) item)
                        .setSelected(getScene() != null
                                && getScene().getStylesheets().contains(choice.stylesheet()));
            }
        });

        var language = new Menu(messages.get("shell.menu.language"));
        var languages = new ToggleGroup();
        for (Locale choice : Messages.LANGUAGES) {
            // Each language in its own words, from the bundle: a runtime without the JDK's locale
            // data names Chinese "Chinese (China)", in English, even to a Chinese operator.
            var item = new RadioMenuItem(messages.get("language." + choice.toLanguageTag()));
            item.setToggleGroup(languages);
            item.setSelected(choice.getLanguage().equals(current.getLanguage()));
            item.setOnAction(e -> onLocale.accept(choice));
            language.getItems().add(item);
        }
        var view = new Menu(messages.get("shell.menu.view"));
        view.setId("menu-view");
        view.getItems().addAll(theme, language);
        if (exportReport != null) {
            var file = new Menu(messages.get("shell.menu.file"));
            file.setId("menu-file");
            var export = new MenuItem(messages.get("shell.menu.export-report"));
            export.setId("menu-export-report");
            export.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN));
            export.setOnAction(e -> exportReport.run());
            file.getItems().add(export);
            getMenus().add(file);
        }
        getMenus().addAll(go, view);
    }
}

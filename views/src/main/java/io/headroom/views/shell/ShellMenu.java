package io.headroom.views.shell;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The laptop console's menus: pages, theme and language, search. */
final class ShellMenu extends MenuBar {

    ShellMenu(
            Messages messages,
            Locale current,
            IntConsumer showPage,
            Runnable showIdleHolders,
            Consumer<Theme> onTheme,
            Consumer<Locale> onLocale,
            Runnable focusSearch) {
        var go = new Menu(messages.get("shell.menu.go"));
        String[] pages = {"shell.tab.overview", "shell.tab.racks", "shell.tab.node", "shell.tab.alerts"};
        for (int i = 0; i < pages.length; i++) {
            int page = i;
            var item = new MenuItem(messages.get(pages[i]));
            item.setAccelerator(
                    new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(i + 1)), KeyCombination.SHORTCUT_DOWN));
            item.setOnAction(e -> showPage.accept(page));
            go.getItems().add(item);
        }
        var holders = new MenuItem(messages.get("shell.tab.holders"));
        holders.setOnAction(e -> showIdleHolders.run());
        go.getItems().add(holders);
        var find = new MenuItem(messages.get("shell.menu.find"));
        find.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        find.setOnAction(e -> focusSearch.run());
        go.getItems().add(find);

        var theme = new Menu(messages.get("shell.menu.theme"));
        var themes = new ToggleGroup();
        for (Theme choice : Theme.values()) {
            var item = new RadioMenuItem(messages.get("theme." + choice.id()));
            item.setId("theme-" + choice.id());
            item.setToggleGroup(themes);
            item.setOnAction(e -> onTheme.accept(choice));
            theme.getItems().add(item);
        }
        // The check mark goes on the theme the window wears, however it got it (an option, the menu).
        theme.setOnShowing(e -> {
            for (int i = 0; i < Theme.values().length; i++) {
                Theme choice = Theme.values()[i];
                ((RadioMenuItem) theme.getItems().get(i))
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
        view.getItems().addAll(theme, language);
        getMenus().addAll(go, view);
    }
}

package io.headroom.views.shell;

import io.headroom.themes.Theme;
import io.headroom.views.Messages;
import java.util.List;
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

    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    ShellMenu(
            Messages messages,
            Locale current,
            IntConsumer showPage,
            Runnable showIdleHolders,
            Runnable showShowback,
            Runnable exportReport,
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
        if (showShowback != null) {
            var showback = new MenuItem(messages.get("shell.tab.showback"));
            showback.setOnAction(e -> showShowback.run());
            go.getItems().add(showback);
        }
        var find = new MenuItem(messages.get("shell.menu.find"));
        find.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        find.setOnAction(e -> focusSearch.run());
        go.getItems().add(find);

        var theme = new Menu(messages.get("shell.menu.theme"));
        var themes = new ToggleGroup();
        for (Theme choice : Theme.values()) {
            var item = new RadioMenuItem(messages.get("theme." + choice.id()));
            item.setToggleGroup(themes);
            item.setOnAction(e -> onTheme.accept(choice));
            theme.getItems().add(item);
        }

        var language = new Menu(messages.get("shell.menu.language"));
        var languages = new ToggleGroup();
        for (Locale choice : LANGUAGES) {
            var item = new RadioMenuItem(choice.getDisplayName(choice));
            item.setToggleGroup(languages);
            item.setSelected(choice.getLanguage().equals(current.getLanguage()));
            item.setOnAction(e -> onLocale.accept(choice));
            language.getItems().add(item);
        }
        var view = new Menu(messages.get("shell.menu.view"));
        view.getItems().addAll(theme, language);
        if (exportReport != null) {
            var file = new Menu(messages.get("shell.menu.file"));
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

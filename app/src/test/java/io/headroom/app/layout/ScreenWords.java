package io.headroom.app.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;

/**
 * What a page says, read off its scene graph as the operator sees it (labels, buttons, table
 * headers and cells, texts, field hints): no enum constant's name ("IN_PROGRESS", "scheduler
 * ALLOCATED") in any language, and in Chinese no English sentence of the bundles left untranslated.
 * Names from the fleet (hosts, users, models, "Hall 1") are data and pass.
 */
final class ScreenWords {

    /** The enums whose constants have words of their own on screen; Vendor and ReportFormat (NVIDIA, PDF) are words. */
    private static final List<Class<? extends Enum<?>>> SHOWN_IN_WORDS = List.of(
            io.headroom.core.idle.IdleState.class,
            io.headroom.core.operation.OperationStatus.class,
            io.headroom.core.access.Role.class,
            io.headroom.core.showback.ShowbackPeriod.class,
            io.headroom.core.showback.ShowbackGrouping.class,
            io.headroom.core.workload.WorkloadKind.class,
            io.headroom.core.connection.AgentHealth.class,
            io.headroom.core.alerts.IncidentScope.class,
            io.headroom.core.alerts.AlertKind.class,
            io.headroom.core.alerts.AlertSeverity.class,
            io.headroom.core.fleet.SchedulerState.class,
            io.headroom.core.fleet.DeviceHealth.class,
            io.headroom.store.outbox.OutboxState.class,
            io.headroom.views.history.Grouping.class,
            io.headroom.views.history.HistoryRange.class,
            io.headroom.views.heatmap.Colouring.class,
            io.headroom.views.operations.OperationKind.class,
            io.headroom.views.operations.OperationStage.class);

    private static final Pattern TOKENS = Pattern.compile("[^A-Za-z0-9_]+");

    private final Set<String> enumNames = new HashSet<>();
    private final Set<String> untranslated = new HashSet<>();
    private int read;

    private ScreenWords(boolean chinese) throws IOException {
        for (Class<? extends Enum<?>> type : SHOWN_IN_WORDS) {
            for (Enum<?> constant : type.getEnumConstants()) {
                // Upper case only: "Day" would be a word; "DAY" on screen is the constant.
                enumNames.add(constant.name());
            }
        }
        if (chinese) {
            Properties english = bundle("/io/headroom/views/messages.properties");
            Properties chineseBundle = bundle("/io/headroom/views/messages_zh_CN.properties");
            for (String key : english.stringPropertyNames()) {
                String en = english.getProperty(key);
                // Sentences only: a value with blanks and letters, no placeholders, that Chinese says otherwise.
                if (en.contains(" ")
                        && !en.contains("{")
                        && en.chars().filter(Character::isLetter).count() >= 6
                        && !en.equals(chineseBundle.getProperty(key))) {
                    untranslated.add(en);
                }
            }
        }
    }

    static ScreenWords in(String language) throws IOException {
        return new ScreenWords(language.startsWith("zh"));
    }

    /** What is wrong with the words on screen below {@code root}, each prefixed by {@code where}. */
    List<String> check(Parent root, String where) {
        List<String> found = new ArrayList<>();
        walk(root, where, found);
        return found;
    }

    private void walk(Node node, String where, List<String> found) {
        if (!node.isVisible()) {
            return;
        }
        String said = switch (node) {
            case Labeled labeled -> labeled.getText();
            case Text text -> text.getText();
            case TextInputControl input -> input.getPromptText();
            default -> null;
        };
        if (said != null && !said.isBlank()) {
            read++;
            String problem = problem(said);
            if (problem != null) {
                found.add(
                        where + problem + ": '" + said + "' (" + node.getClass().getSimpleName() + ")");
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                walk(child, where, found);
            }
        }
    }

    /** How many texts the checks have read so far: a walk that reads none checks nothing. */
    int read() {
        return read;
    }

    String problem(String said) {
        for (String token : TOKENS.split(said)) {
            if (token.length() >= 4 && enumNames.contains(token)) {
                return "an enum's name on screen (" + token + ")";
            }
        }
        return untranslated.contains(said.strip()) ? "English left in the Chinese console" : null;
    }

    private static Properties bundle(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ScreenWords.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no " + path + " on the test class path");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}

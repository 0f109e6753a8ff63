package io.headroom.views;

import io.headroom.core.idle.IdleState;
import io.headroom.core.workload.Workload;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every string the console shows, from {@code messages.properties} and its translations,
 * with numbers formatted for the operator's locale. Views take one of these instead of
 * reading {@link Locale#getDefault()}, so a locale switch is a rebuild with another instance.
 */
public final class Messages {

    public static final String BUNDLE = "io.headroom.views.messages";

    /** The languages the console is translated into, in the order the Language menu lists them. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final NumberFormat integers;
    private final NumberFormat oneDecimal;
    private final NumberFormat percent;
    private final NumberFormat percentOneDecimal;
    private final Map<String, MessageFormat> formats = new ConcurrentHashMap<>();

    public Messages(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM's default locale: an unknown locale gets English, not
        // whatever language the machine happens to be set to.
        this.bundle = ResourceBundle.getBundle(
                BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.integers = NumberFormat.getIntegerInstance(locale);
        this.oneDecimal = NumberFormat.getNumberInstance(locale);
        oneDecimal.setMinimumFractionDigits(1);
        oneDecimal.setMaximumFractionDigits(1);
        this.percent = NumberFormat.getPercentInstance(locale);
        this.percentOneDecimal = NumberFormat.getPercentInstance(locale);
        percentOneDecimal.setMinimumFractionDigits(1);
        percentOneDecimal.setMaximumFractionDigits(1);
    }

    public Locale locale() {
        return locale;
    }

    /** Whether the bundle words {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException missing) {
            // A missing translation must not take the console down; show the key so it gets noticed.
            return "!" + key + "!";
        }
    }

    /**
     * The pattern under {@code key} with {@link MessageFormat} arguments, in this locale. Each
     * pattern is parsed once: a page of a thousand rows formats thousands of texts a refresh.
     */
    public String format(String key, Object... arguments) {
        MessageFormat pattern = formats.computeIfAbsent(key, k -> new MessageFormat(get(k), locale));
        // MessageFormat is not thread-safe; Messages is used from the FX thread and from workers.
        synchronized (pattern) {
            return pattern.format(arguments);
        }
    }

    /** "Held by job 4242 · alice · physics": who holds a GPU, the same words wherever it is shown. */
    public String heldBy(Workload holder) {
        String kind = get(
                "holders.kind." + holder.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        String id = holder.schedulerId().isEmpty() ? holder.id() : holder.schedulerId();
        String account = holder.accountOrNamespace();
        String none = get("value.none");
        return format(
                "hover.held-by",
                kind,
                id,
                holder.user().isEmpty() ? none : holder.user(),
                account.isEmpty() ? none : account);
    }

    public String stateName(IdleState state) {
        return get("state." + state.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    public String integer(long value) {
        return integers.format(value);
    }

    public String oneDecimal(double value) {
        return Double.isNaN(value) ? get("value.none") : oneDecimal.format(value);
    }

    /** A whole percentage from a 0..100 figure: "41 %" or "41%", as the locale writes it. */
    public String percent(double pct) {
        return Double.isNaN(pct) ? get("value.none") : percent.format(pct / 100);
    }

    /** A share of a whole with one decimal, from a 0..1 fraction. */
    public String share(double fraction) {
        return Double.isNaN(fraction) ? get("value.none") : percentOneDecimal.format(fraction);
    }

    /** How long ago, coarsened to the largest whole unit: "4 s", "12 min", "3 h", "2 d". */
    public String age(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        if (seconds < 120) {
            return format("age.seconds", seconds);
        }
        if (seconds < 120 * 60) {
            return format("age.minutes", seconds / 60);
        }
        if (seconds < 48 * 3600) {
            return format("age.hours", seconds / 3600);
        }
        return format("age.days", seconds / 86_400);
    }
}

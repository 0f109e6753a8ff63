package io.headroom.core.showback;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whom showback charges the hours to: the holder's tenant, account or user, or the pool or model of the GPUs. */
public enum ShowbackGrouping {
    TENANT,
    ACCOUNT,
    USER,
    POOL,
    MODEL;

    /** Its name on the command line and in files: {@code tenant}, {@code account}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True where free GPUs have no owner: their hours go to the empty key ("nobody"). */
    public boolean byOwner() {
        return this == TENANT || this == ACCOUNT || this == USER;
    }

    public static Optional<ShowbackGrouping> parse(String text) {
        String wanted = text == null ? "" : text.strip();
        return Arrays.stream(values())
                .filter(g -> g.id().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /** "tenant, account, user, pool, model": for messages that name the choices. */
    public static String choices() {
        return String.join(
                ", ", Arrays.stream(values()).map(ShowbackGrouping::id).toList());
    }
}

package io.headroom.app;

import io.headroom.core.audit.ChainVerdict;
import io.headroom.store.LocalStore;
import io.headroom.store.ProfileInUseException;
import io.headroom.store.StoreUnavailableException;
import io.headroom.store.audit.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headroom verify-audit [--profile NAME]}: checks a console profile's audit log, exit 0
 * when every entry is as written, 1 naming the first broken entry, 2 when it cannot be checked.
 */
@Command(
        name = "verify-audit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Check a console profile's audit log: every entry must hash to what was written with it and link "
                        + "to the one before. Exit 0 when it verifies, 1 naming the first broken entry, 2 when it cannot be checked.")
final class VerifyAuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "The console profile whose audit log to check (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where profiles live (default: as for the console).")
    Path dataDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path directory;
        try {
            directory = ProfileDirectory.resolve(profile, dataDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
        }
        if (!Files.exists(directory.resolve(LocalStore.DATABASE_NAME + ".mv.db"))) {
            err.println("headroom: profile " + profile + " has no local store at " + directory);
            return 2;
        }
        try (LocalStore store = LocalStore.open(directory).store()) {
            ChainVerdict verdict = new AuditLog(store).verify();
            PrintWriter to = verdict instanceof ChainVerdict.Intact ? out : err;
            to.println("profile " + profile + ": " + verdict.describe());
            if (verdict instanceof ChainVerdict.Intact intact && intact.records() > 0) {
                to.println("last hash " + intact.lastHash()
                        + " (keep it elsewhere to detect entries later cut from the end)");
            }
            to.flush();
            return verdict instanceof ChainVerdict.Intact ? 0 : 1;
        } catch (ProfileInUseException e) {
            err.println("headroom: " + e.getMessage() + "; the console's Operations page shows whether its audit log "
                    + "verifies, or close it and run this again");
            return 2;
        } catch (StoreUnavailableException | SQLException e) {
            err.println("headroom: cannot read the audit log of profile " + profile + ": " + e.getMessage());
            return 2;
        }
    }
}
